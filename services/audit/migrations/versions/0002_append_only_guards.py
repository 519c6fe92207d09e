"""The audit trail's entries are append-only, as the log is: no UPDATE, DELETE or TRUNCATE
(issue 11). A verification then finds only what someone who can bypass the guards did.

Revision ID: 0002
"""
from alembic import op

from libs.eventstore.schema import guard

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    guard(op, "audit_entries")
