"""The deadline table: each alert's next rung is clock-driven (libs/deadlines).
The service's own state: a rebuild keeps it.

Revision ID: 0003
"""
from alembic import op

from libs.deadlines.schema import create_deadlines

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_deadlines(op)
