"""What the handlers need beside the event store: password hashing, the secrets kept beside the
log (never in it), the per-address sign-in throttle; each a PostgreSQL adapter and a fake."""
