"""The log refuses TRUNCATE too (a statement guard beside the row guard): issue 11.

Revision ID: 0005
"""
from alembic import op

from libs.eventstore.schema import guard

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    guard(op, "events")
