"""What the identity service keeps beside its log and never in it (decision 34): the hashes of
passwords, refresh tokens and client secrets, and the per-address failure window. Its own state,
not a view of the log: a rebuild keeps these tables (libs/service_state.py).

Revision ID: 0003
"""
from alembic import op

from libs.service_state import keep_on_rebuild

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE passwords (
            account_id text PRIMARY KEY,
            hash       text NOT NULL,              -- argon2id, parameters inside
            set_at     timestamptz NOT NULL
        )""")
    op.execute("""
        CREATE TABLE refresh_tokens (
            token_hash bytea PRIMARY KEY,          -- SHA-256 of a 256-bit random token
            session_id text NOT NULL,
            generation integer NOT NULL,
            expires_at timestamptz NOT NULL
        )""")
    op.execute("CREATE INDEX refresh_tokens_by_session ON refresh_tokens (session_id)")
    op.execute("CREATE INDEX refresh_tokens_by_expiry ON refresh_tokens (expires_at)")
    op.execute("""
        CREATE TABLE client_secrets (
            service_account_id text PRIMARY KEY,
            secret_hash        bytea NOT NULL      -- SHA-256 of a 256-bit random secret
        )""")
    op.execute("""
        CREATE TABLE sign_in_failures (
            address text NOT NULL,
            at      timestamptz NOT NULL
        )""")
    op.execute("CREATE INDEX sign_in_failures_by_address ON sign_in_failures (address, at)")
    op.execute("CREATE INDEX sign_in_failures_by_time ON sign_in_failures (at)")
    keep_on_rebuild(op, "passwords", "refresh_tokens", "client_secrets", "sign_in_failures")
