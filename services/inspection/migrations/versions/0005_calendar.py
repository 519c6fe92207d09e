"""Read model of the working calendar: the year each platform admin's last load put in force
(inline). Every load stays in the log (`calendaryear-<year>`).

Revision ID: 0005
"""
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE calendar_years (
            year       integer PRIMARY KEY,
            holidays   date[] NOT NULL,
            workdays   date[] NOT NULL,
            loaded_by  text NOT NULL,
            loaded_at  timestamptz NOT NULL,
            version    integer NOT NULL
        )""")
