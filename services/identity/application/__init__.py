"""Commands and their handlers: load, decide, save (with the secrets beside the events)."""
