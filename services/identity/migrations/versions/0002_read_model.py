"""Read model of the identity service: accounts, sessions and service accounts (inline).

Revision ID: 0002
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE accounts (
            id                text PRIMARY KEY,
            kind              text NOT NULL,
            enterprise_id     text,
            name              text,              -- an administrator's or a regulator's; a person's is the directory's
            mobile            text,
            jurisdiction      text[] NOT NULL DEFAULT '{}',
            has_password      boolean NOT NULL DEFAULT false,
            must_change       boolean NOT NULL DEFAULT false,
            password_set_at   timestamptz,
            failures_in_a_row integer NOT NULL DEFAULT 0,
            locked_at         timestamptz,
            locked_until      timestamptz,       -- with locked_at set and this null: until an administrator lifts it
            disabled          text,
            last_sign_in_at   timestamptz,
            created_at        timestamptz NOT NULL,
            updated_at        timestamptz NOT NULL,
            version           integer NOT NULL
        )""")
    op.execute("CREATE INDEX accounts_by_enterprise ON accounts (enterprise_id, kind)")
    # One mobile number signs in one administrator per enterprise, one regulator on the platform.
    op.execute("""CREATE UNIQUE INDEX accounts_mobile_unique ON accounts (coalesce(enterprise_id, ''), mobile)
                  WHERE mobile IS NOT NULL AND disabled IS NULL""")
    op.execute("""
        CREATE TABLE sessions (
            id            text PRIMARY KEY,
            account_id    text NOT NULL,
            enterprise_id text,
            address       text NOT NULL,
            started_at    timestamptz NOT NULL,
            expires_at    timestamptz NOT NULL,
            generation    integer NOT NULL,
            refreshed_at  timestamptz,
            ended         text,
            ended_at      timestamptz,
            version       integer NOT NULL
        )""")
    op.execute("CREATE INDEX sessions_open_by_account ON sessions (account_id) WHERE ended IS NULL")
    op.execute("""
        CREATE TABLE service_accounts (
            id            text PRIMARY KEY,
            enterprise_id text NOT NULL,
            name          text NOT NULL,
            scopes        text[] NOT NULL,
            removed       boolean NOT NULL DEFAULT false,
            last_used_at  timestamptz,
            created_at    timestamptz NOT NULL,
            updated_at    timestamptz NOT NULL,
            version       integer NOT NULL
        )""")
    op.execute("CREATE INDEX service_accounts_by_enterprise ON service_accounts (enterprise_id, name)")
