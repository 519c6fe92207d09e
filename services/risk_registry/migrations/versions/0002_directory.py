"""Read model of the enterprise directory (enterprises, org units, people).

Revision ID: 0002
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE enterprises (
            id            text PRIMARY KEY,
            name          text NOT NULL,
            credit_code   text NOT NULL UNIQUE,
            hazchem_code  text UNIQUE,
            industry      text NOT NULL,
            registered_at timestamptz NOT NULL,
            updated_at    timestamptz NOT NULL,
            version       integer NOT NULL
        )""")
    op.execute("""
        CREATE TABLE org_units (
            id            text PRIMARY KEY,
            enterprise_id text NOT NULL REFERENCES enterprises (id),
            kind          text NOT NULL,
            name          text NOT NULL,
            parent_id     text REFERENCES org_units (id),
            retired       boolean NOT NULL DEFAULT false,
            created_at    timestamptz NOT NULL,
            updated_at    timestamptz NOT NULL,
            version       integer NOT NULL
        )""")
    op.execute("CREATE INDEX org_units_by_enterprise ON org_units (enterprise_id, kind, name)")
    op.execute("CREATE INDEX org_units_by_parent ON org_units (parent_id)")
    op.execute("""
        CREATE TABLE people (
            id            text PRIMARY KEY,
            enterprise_id text NOT NULL REFERENCES enterprises (id),
            name          text NOT NULL,
            mobile        text NOT NULL,
            post_id       text REFERENCES org_units (id),
            roles         text[] NOT NULL,
            left_at       timestamptz,
            created_at    timestamptz NOT NULL,
            updated_at    timestamptz NOT NULL,
            version       integer NOT NULL
        )""")
    op.execute("CREATE INDEX people_by_enterprise ON people (enterprise_id, name)")
    op.execute("CREATE INDEX people_by_post ON people (post_id)")
    # A mobile number identifies one active person in an enterprise (government records key on it).
    op.execute("CREATE UNIQUE INDEX people_mobile_unique ON people (enterprise_id, mobile) WHERE left_at IS NULL")
