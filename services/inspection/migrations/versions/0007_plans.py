"""Read model of inspection plans (inline): one row per plan, its checklist and posts as JSON; the
check tasks' rows learn where a task comes from (a measure, or a plan: then it has no measure).

Revision ID: 0007
"""
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE plans (
            id                  text PRIMARY KEY,
            enterprise_id       text NOT NULL,
            kind                integer NOT NULL,
            title               text NOT NULL,
            period_start        date NOT NULL,
            period_end          date,
            cycle               jsonb NOT NULL,
            assignments         jsonb NOT NULL,
            items               jsonb NOT NULL,
            state               text NOT NULL,
            published_at        timestamptz,
            first_window_start  timestamptz,
            task_ids            text[] NOT NULL DEFAULT '{}',
            retired_reason      text,
            created_at          timestamptz NOT NULL,
            updated_at          timestamptz NOT NULL,
            version             integer NOT NULL
        )""")
    # The list reads an enterprise's plans by kind or state, newest first.
    op.execute("CREATE INDEX plans_by_time ON plans (enterprise_id, created_at DESC, id)")
    op.execute("CREATE INDEX plans_by_state ON plans (enterprise_id, state, created_at DESC)")
    op.execute("CREATE INDEX plans_by_kind ON plans (enterprise_id, kind, created_at DESC)")
    op.execute("ALTER TABLE check_tasks ALTER COLUMN measure_id DROP NOT NULL")
    op.execute("ALTER TABLE check_tasks ADD COLUMN origin text NOT NULL DEFAULT 'measure'")
    op.execute("ALTER TABLE check_tasks ADD COLUMN plan_id text")
    op.execute("CREATE INDEX check_tasks_by_plan ON check_tasks (enterprise_id, plan_id)")
