"""Read model of inspection: who entered a check record for its reporter (a safety officer's
代录), null when the reporter sent it themselves — as every record before this revision.

Revision ID: 0010
"""
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE check_records ADD COLUMN recorded_by text")


def downgrade() -> None:
    op.execute("ALTER TABLE check_records DROP COLUMN recorded_by")
