"""The registry's risk chain as the coverage report needs it (DOMAIN.md §9 item 1): risk objects
(which are 重大危险源), risk units and events, each assessment's level and control level, and the
control measures (classification, control method, responsible post).

A risk event's grade follows the registry's rule without its projection: each stage's current grade
is its latest assessment by date (on the same date the later record), unless a re-grading
(RiskRegraded, after a policy change) came later in the stream; so every assessment is kept as a
row and the last re-grading per stage beside it, and the choice is made when read
(projections/coverage_facts.py).

Revision ID: 0002
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE risk_objects (
            object_id     text PRIMARY KEY,
            enterprise_id text,
            kind          text,            -- major_hazard_source: a 重大危险源
            name          text,
            fact_version  integer NOT NULL,
            retired       boolean NOT NULL DEFAULT false
        )""")
    op.execute("""
        CREATE TABLE risk_units (
            unit_id       text PRIMARY KEY,
            enterprise_id text,
            object_id     text,
            name          text,
            fact_version  integer NOT NULL,
            retired       boolean NOT NULL DEFAULT false
        )""")
    op.execute("""
        CREATE TABLE risk_events (
            risk_event_id text PRIMARY KEY,
            enterprise_id text,
            unit_id       text,
            name          text,
            fact_version  integer NOT NULL,
            retired       boolean NOT NULL DEFAULT false
        )""")
    op.execute("""
        CREATE TABLE risk_assessments (
            assessment_id text PRIMARY KEY,
            enterprise_id text,
            risk_event_id text,
            stage         text,            -- inherent 固有 / residual 剩余
            level         integer,         -- 1 重大 … 4 低
            control_level text,            -- company / department / team / post
            assessed_on   text,            -- ISO date: sorts as it reads
            fact_version  integer NOT NULL,
            retired       boolean NOT NULL DEFAULT false
        )""")
    op.execute("""
        CREATE TABLE risk_regrades (
            risk_event_id text,
            stage         text,
            enterprise_id text,
            level         integer,
            control_level text,
            fact_version  integer NOT NULL,
            retired       boolean NOT NULL DEFAULT false,
            PRIMARY KEY (risk_event_id, stage)
        )""")
    op.execute("""
        CREATE TABLE control_measures (
            measure_id          text PRIMARY KEY,
            enterprise_id       text,
            risk_event_id       text,
            description         text,
            classify1           text,
            classify2           text,
            data_source         text,      -- 1 自动化监控, 2 隐患排查
            responsible_post_id text,
            fact_version        integer NOT NULL,
            retired             boolean NOT NULL DEFAULT false
        )""")
    # The report reads one enterprise's rows of each.
    for table in ("risk_objects", "risk_units", "risk_events", "risk_assessments", "control_measures", "people",
                  "org_units"):
        op.execute(f"CREATE INDEX {table}_by_enterprise ON {table} (enterprise_id)")
