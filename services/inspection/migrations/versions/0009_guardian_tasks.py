"""包保 tasks in the check-task read model: the 重大危险源 a task is of (`object_id`, also wanted by
the coverage report: IF NOT EXISTS, so another revision adding it too is harmless) and the guardian
holding it (`guardian_id`); `origin` is 'guardian' for them.

Revision ID: 0009
"""
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE check_tasks ADD COLUMN IF NOT EXISTS object_id text")
    op.execute("ALTER TABLE check_tasks ADD COLUMN IF NOT EXISTS guardian_id text")
    # The coverage report and the 包保 list read an object's tasks by role.
    op.execute("CREATE INDEX IF NOT EXISTS check_tasks_guardian_by_object ON check_tasks (enterprise_id, object_id, "
               "work_type, task_num) WHERE origin = 'guardian'")
