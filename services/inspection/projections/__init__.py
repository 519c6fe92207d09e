"""Inspection's read models: the check tasks (inline) and the queries on them."""
