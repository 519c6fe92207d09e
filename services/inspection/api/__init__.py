"""Inspection's HTTP API."""
