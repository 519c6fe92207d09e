"""The identity service's deadlines (libs/deadlines): pruning expired refresh-token rows
(application/housekeeping.py). Its own state: a rebuild keeps the table.

Revision ID: 0004
"""
from alembic import op

from libs.deadlines.schema import create_deadlines

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_deadlines(op)
