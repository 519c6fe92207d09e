"""What alerting does: reactions to other services, the escalation clock, the handlers."""
