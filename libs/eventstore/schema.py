"""DDL of the event store, relay checkpoints and consumer inbox: version 1, applied by each
service's first Alembic migration into that service's schema."""

import asyncpg

EVENT_STORE_V1 = [
    """
    CREATE TABLE events (
        position       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tx_id          xid8 NOT NULL DEFAULT pg_current_xact_id(),
        event_id       uuid NOT NULL UNIQUE,
        stream_id      text NOT NULL,
        version        integer NOT NULL CHECK (version > 0),
        type           text NOT NULL,
        schema_version integer NOT NULL,
        data           jsonb NOT NULL,
        metadata       jsonb NOT NULL,
        recorded_at    timestamptz NOT NULL DEFAULT now(),
        UNIQUE (stream_id, version)
    )
    """,
    "CREATE INDEX events_global_order ON events (tx_id, position)",
    """
    CREATE TABLE relay_checkpoints (
        relay      text PRIMARY KEY,
        cluster_id text NOT NULL,
        tx_id      bigint NOT NULL,
        position   bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
    )
    """,
    # Nothing is updated or deleted in the log (invariant 2): the database refuses it too.
    """
    CREATE FUNCTION events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'events are append-only'; END $$
    """,
    """
    CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_are_immutable()
    """,
]


INBOX_V1 = [
    """
    CREATE TABLE inbox (
        consumer     text NOT NULL,
        event_id     uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
    )
    """,
]


def create_event_store(op) -> None:
    """For a service that publishes events (and may consume some)."""
    for statement in EVENT_STORE_V1 + INBOX_V1:
        op.execute(statement)


def create_inbox(op) -> None:
    """For a projection service that only consumes."""
    for statement in INBOX_V1:
        op.execute(statement)


async def create_event_store_schema(url: str, schema: str) -> None:
    """The event store and inbox tables in a new `schema`, without Alembic: for tests and the
    benchmark, which need a bare store in a fresh database."""
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(f'CREATE SCHEMA "{schema}"; SET search_path TO "{schema}"')
        for statement in EVENT_STORE_V1 + INBOX_V1:
            await conn.execute(statement)
    finally:
        await conn.close()
