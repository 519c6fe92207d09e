"""The pure domain of hazard governance: code tables, the hazard's steps and rules, its events."""
