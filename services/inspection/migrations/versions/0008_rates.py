"""Read model of inspection: what each occurrence counts for in the completion and on-time rates
(domain/rates.Outcome), beside its state.

Occurrences completed before this revision keep the defaults (nothing checked) until
`shuangkong rebuild inspection` replays them: the rule lives in the domain, not in SQL here.

Revision ID: 0008
"""
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        ALTER TABLE occurrences
            ADD COLUMN closing_status  integer,
            ADD COLUMN checked         boolean NOT NULL DEFAULT false,
            ADD COLUMN checked_on_time boolean NOT NULL DEFAULT false""")
    # The rates read an enterprise's occurrences of a period by window start: occurrences_by_start.
