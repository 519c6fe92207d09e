"""Transitional (see events.py): the contexts keep their domains in directory/ and risk_chain/."""
