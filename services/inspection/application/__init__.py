"""Inspection's command handlers and its reactions to the risk registry's events."""
