"""The pure domain of alerting: the alert, its escalation ladder and policy, its events."""
