"""Read model of inspection: one row per check task (inline).

Revision ID: 0002
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE check_tasks (
            id                   text PRIMARY KEY,
            enterprise_id        text NOT NULL,
            measure_id           text NOT NULL,
            risk_event_id        text,
            troubleshoot_content text NOT NULL,
            post_id              text NOT NULL,
            work_type            integer NOT NULL,
            task_num             integer,
            check_cycle          numeric(4, 2),
            check_cycle_unit     text,
            task_start_time      timestamptz,
            work_start_time      time,
            work_end_time        time,
            work_day_type        integer,
            state                text NOT NULL,
            retired_because      text,
            created_at           timestamptz NOT NULL,
            updated_at           timestamptz NOT NULL,
            version              integer NOT NULL
        )""")
    # The list reads an enterprise's tasks by post, state or measure, in a stable order.
    op.execute("CREATE INDEX check_tasks_by_post ON check_tasks (enterprise_id, post_id, id)")
    op.execute("CREATE INDEX check_tasks_by_state ON check_tasks (enterprise_id, state, id)")
    op.execute("CREATE INDEX check_tasks_by_measure ON check_tasks (enterprise_id, measure_id)")
