"""Gov sync's event store (its targets' streams), relay checkpoints and inbox.

Revision ID: 0001
"""
from alembic import op

from libs.eventstore.schema import create_event_store

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_event_store(op)
