"""A read model with one of every kind of object a rebuild must carry across: an enum, a trigger
and its function, a view, an identity column, a sequence no column owns, a foreign key.

Revision ID: 0002
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE TYPE tally_kind AS ENUM ('small', 'large')")
    op.execute("""
        CREATE TABLE tallies (
            id      text PRIMARY KEY,
            total   integer NOT NULL CHECK (total >= 0),
            kind    tally_kind NOT NULL,
            touched integer NOT NULL DEFAULT 0,
            serial  bigint GENERATED ALWAYS AS IDENTITY UNIQUE
        )""")
    op.execute("CREATE INDEX tallies_by_total ON tallies (total DESC) WHERE total > 0")
    op.execute("""
        CREATE FUNCTION count_touches() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.touched := OLD.touched + 1; RETURN NEW; END $$""")
    op.execute("CREATE TRIGGER tallies_touched BEFORE UPDATE ON tallies FOR EACH ROW EXECUTE FUNCTION count_touches()")
    op.execute("CREATE VIEW large_tallies AS SELECT id, total FROM tallies WHERE kind = 'large'")
    op.execute("CREATE SEQUENCE receipt_numbers START 1000")
    op.execute("""
        CREATE TABLE receipts (
            receipt   bigint PRIMARY KEY DEFAULT nextval('receipt_numbers'),
            tally_id  text NOT NULL REFERENCES tallies (id),
            event_id  uuid NOT NULL UNIQUE
        )""")
    # What each projector call was given: the rebuild must hand the projectors the same batches.
    op.execute("CREATE TABLE projector_calls (stream_id text, first_version integer, size integer)")
    # Written beside the appends, by no projector: a rebuild must not wipe it.
    op.execute("CREATE TABLE notes (id text PRIMARY KEY)")
