"""Implementations of the domain's ports (the photo scaler)."""
