"""DDL of the event store, relay checkpoints and consumer inbox: version 1, applied by each
service's first Alembic migration into that service's schema, with the append-only guards.

An append-only table carries two guards: a row trigger refusing UPDATE and DELETE (whoever runs
them, the owner included), and a statement trigger refusing TRUNCATE, which fires no row
trigger. They are the second line: a service's role has neither the privileges nor the
ownership to change, truncate or disable them (libs/grants.py, which also reads the row guard
to know a table is append-only). A superuser, or the owner disabling the triggers, still can:
the audit trail's signed heads are what shows that.
"""

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


# Shared by every append-only table of a schema (the log, the audit trail's entries): created or
# replaced whole, so the migration that adds them to an existing schema runs them as they are.
APPEND_ONLY_GUARDS = [
    """
    CREATE OR REPLACE FUNCTION events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '% is append-only: rows are never updated or deleted', TG_TABLE_NAME; END $$
    """,
    """
    CREATE OR REPLACE FUNCTION events_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '% is append-only: TRUNCATE is refused', TG_TABLE_NAME; END $$
    """,
]


def append_only(table: str) -> list[str]:
    """The guards of one table (after `APPEND_ONLY_GUARDS`); running them again changes nothing."""
    return [
        f"""CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION events_are_immutable()""",
        f"""CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_truncate()""",
    ]


def guard(op, table: str) -> None:
    """Make `table` of the migrated schema append-only: call from an Alembic migration."""
    for statement in APPEND_ONLY_GUARDS + append_only(table):
        op.execute(statement)


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
    for statement in EVENT_STORE_V1 + APPEND_ONLY_GUARDS + append_only("events") + INBOX_V1:
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
        for statement in EVENT_STORE_V1 + APPEND_ONLY_GUARDS + append_only("events") + INBOX_V1:
            await conn.execute(statement)
    finally:
        await conn.close()
