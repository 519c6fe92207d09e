"""Hazard governance's handlers: commands in, events out, one unit of work each."""
