"""The hazard ledger (隐患台账): one row per hazard (inline), with every field the platforms' hazard
record has, its step and what the clock said.

Revision ID: 0002
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE hazards (
            id                 text PRIMARY KEY,
            enterprise_id      text NOT NULL,
            origin             text NOT NULL,
            source             integer NOT NULL,
            name               text NOT NULL,
            description        text NOT NULL,
            photo_ids          text[] NOT NULL,
            reporter_id        text NOT NULL,
            reporter_mobile    text,
            found_at           timestamptz NOT NULL,
            reported_at        timestamptz NOT NULL,
            location           jsonb,
            category           integer NOT NULL,
            enforcement_id     text,
            entered_late       boolean NOT NULL,
            measure_id         text,
            task_id            text,
            occurrence_id      text,
            record_id          text,
            item_id            text,
            found_department_id text,
            step               text NOT NULL,
            level              integer,
            hazard_type        integer,
            manage_type        integer,
            management_class   integer,
            occurrence_link    integer,
            liable_person_id   text,
            department_id      text,
            deadline           date,
            first_deadline     date,
            plan               jsonb,
            rectified          jsonb,
            submitted_at       timestamptz,
            submitted_by       text,
            accepted_by        text,
            accepted_at        timestamptz,
            accept_comment     text,
            void_reason        text,
            imminent           boolean NOT NULL DEFAULT false,
            overdue            boolean NOT NULL DEFAULT false,
            was_overdue_at     timestamptz,  -- the first 超期未整改, never cleared (公示)
            extension          jsonb,
            copied_to          text[] NOT NULL DEFAULT '{}',
            closed_at          timestamptz,
            created_at         timestamptz NOT NULL,
            updated_at         timestamptz NOT NULL,
            version            integer NOT NULL
        )""")
    # The ledger reads an enterprise's hazards newest first, by step, level, department, person.
    op.execute("CREATE INDEX hazards_by_time ON hazards (enterprise_id, reported_at DESC, id)")
    op.execute("CREATE INDEX hazards_by_step ON hazards (enterprise_id, step, id)")
    op.execute("CREATE INDEX hazards_by_department ON hazards (enterprise_id, department_id)")
    op.execute("CREATE INDEX hazards_by_liable ON hazards (enterprise_id, liable_person_id)")
    op.execute("CREATE INDEX hazards_by_reporter ON hazards (enterprise_id, reporter_id)")
