"""Read model of the risk chain: objects, units, risk events with their current grades,
assessments, control measures, and each enterprise's grading policy.

Revision ID: 0003
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE risk_objects (
            id            text PRIMARY KEY,
            enterprise_id text NOT NULL REFERENCES enterprises (id),
            kind          text NOT NULL,
            name          text NOT NULL,
            code          text,
            department_id text NOT NULL REFERENCES org_units (id),
            outline       jsonb,
            alpha         double precision,
            substances    jsonb,
            r_value       double precision,
            hazard_grade  integer,
            principal_id  text REFERENCES people (id),
            technical_id  text REFERENCES people (id),
            operations_id text REFERENCES people (id),
            retired       boolean NOT NULL DEFAULT false,
            updated_at    timestamptz NOT NULL,
            version       integer NOT NULL
        )""")
    op.execute("CREATE INDEX risk_objects_by_enterprise ON risk_objects (enterprise_id, kind, name)")
    op.execute("CREATE UNIQUE INDEX risk_objects_code ON risk_objects (enterprise_id, code) WHERE code IS NOT NULL")
    op.execute("""
        CREATE TABLE risk_units (
            id               text PRIMARY KEY,
            enterprise_id    text NOT NULL REFERENCES enterprises (id),
            object_id        text NOT NULL REFERENCES risk_objects (id),
            name             text NOT NULL,
            department_id    text NOT NULL REFERENCES org_units (id),
            liable_person_id text NOT NULL REFERENCES people (id),
            retired          boolean NOT NULL DEFAULT false,
            updated_at       timestamptz NOT NULL,
            version          integer NOT NULL
        )""")
    op.execute("CREATE INDEX risk_units_by_object ON risk_units (object_id)")
    op.execute("CREATE INDEX risk_units_by_enterprise ON risk_units (enterprise_id, department_id)")
    op.execute("""
        CREATE TABLE risk_events (
            id                     text PRIMARY KEY,
            enterprise_id          text NOT NULL REFERENCES enterprises (id),
            unit_id                text NOT NULL REFERENCES risk_units (id),
            name                   text NOT NULL,
            accident_types         integer[] NOT NULL,
            consequence            text NOT NULL,
            inherent_method        text,
            inherent_value         double precision,
            inherent_level         integer,
            residual_method        text,
            residual_value         double precision,
            residual_level         integer,
            control_level          text,
            reassess_on            date,
            retired                boolean NOT NULL DEFAULT false,
            updated_at             timestamptz NOT NULL,
            version                integer NOT NULL
        )""")
    op.execute("CREATE INDEX risk_events_by_unit ON risk_events (unit_id)")
    op.execute("CREATE INDEX risk_events_by_enterprise ON risk_events (enterprise_id, residual_level)")
    op.execute("CREATE INDEX risk_events_reassess ON risk_events (enterprise_id, reassess_on) WHERE NOT retired")
    op.execute("""
        CREATE TABLE risk_assessments (
            id            text PRIMARY KEY,
            risk_event_id text NOT NULL REFERENCES risk_events (id),
            enterprise_id text NOT NULL,
            stage         text NOT NULL,
            method        text NOT NULL,
            inputs        jsonb NOT NULL,
            value         double precision NOT NULL,
            level         integer NOT NULL,
            control_level text NOT NULL,
            assessor_id   text NOT NULL,
            assessed_on   date NOT NULL,
            reassess_on   date NOT NULL,
            recorded_at   timestamptz NOT NULL
        )""")
    op.execute("CREATE INDEX risk_assessments_by_event ON risk_assessments (risk_event_id, recorded_at)")
    op.execute("""
        CREATE TABLE control_measures (
            id                  text PRIMARY KEY,
            enterprise_id       text NOT NULL REFERENCES enterprises (id),
            risk_event_id       text NOT NULL REFERENCES risk_events (id),
            description         text NOT NULL,
            classify1           text NOT NULL,
            classify2           text NOT NULL,
            classify3           text,
            data_source         text NOT NULL,
            inspection_content  text NOT NULL,
            responsible_post_id text NOT NULL REFERENCES org_units (id),
            retired             boolean NOT NULL DEFAULT false,
            updated_at          timestamptz NOT NULL,
            version             integer NOT NULL
        )""")
    op.execute("CREATE INDEX control_measures_by_event ON control_measures (risk_event_id)")
    op.execute("CREATE INDEX control_measures_by_post ON control_measures (responsible_post_id) WHERE NOT retired")
    op.execute("""
        CREATE TABLE grading_policies (
            enterprise_id  text PRIMARY KEY REFERENCES enterprises (id),
            lec            jsonb NOT NULL,
            ls             jsonb NOT NULL,
            control_levels jsonb NOT NULL,
            version        integer NOT NULL,
            updated_at     timestamptz NOT NULL
        )""")
