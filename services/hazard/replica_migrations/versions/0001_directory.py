"""Hazard governance's replica of the registry's directory (people and org units): names in a
hazard's history, departments in the 公示 table, and its inbox.

Revision ID: 0001
"""
from alembic import op

from libs.directory_replica import create_people_and_org_units
from libs.eventstore.schema import create_inbox

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_inbox(op)
    create_people_and_org_units(op)
