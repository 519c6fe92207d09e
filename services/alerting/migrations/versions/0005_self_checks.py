"""The quarterly self-check records (自查记录), inline: `GET /self-checks` lists them, newest first.

Revision ID: 0005
"""
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE self_checks (
            id                  text PRIMARY KEY,
            enterprise_id       text NOT NULL,
            first_day           date NOT NULL,
            last_day            date NOT NULL,
            reminder_stats      jsonb NOT NULL,
            effectiveness       jsonb NOT NULL,
            conclusions         text NOT NULL,
            coverage_report_at  timestamptz,
            recorded_by         text NOT NULL,
            recorded_at         timestamptz NOT NULL,
            version             integer NOT NULL
        )""")
    op.execute("CREATE INDEX self_checks_by_enterprise ON self_checks (enterprise_id, recorded_at DESC, id)")
