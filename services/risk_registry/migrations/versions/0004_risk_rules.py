"""Rules of issue 9 in the read model: one name per parent (a unique index on the name's key
among active rows) and the current grade of a risk by its assessment date.

Revision ID: 0004
"""
from alembic import op
from sqlalchemy import text

from libs.names import name_key

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# (table, key column, source column, scope expression of the unique index, key expression)
_NAMED = [
    ("org_units", "name_key", "name", "enterprise_id, coalesce(parent_id, '')", "name_key"),
    ("risk_objects", "name_key", "name", "enterprise_id", "name_key"),
    ("risk_units", "name_key", "name", "object_id", "name_key"),
    ("risk_events", "name_key", "name", "unit_id", "name_key"),
    # A measure's description can be long: its key is indexed by digest.
    ("control_measures", "description_key", "description", "risk_event_id", "md5(description_key)"),
]

UNIQUE_INDEXES = {
    "org_units": "org_units_name_unique",
    "risk_objects": "risk_objects_name_unique",
    "risk_units": "risk_units_name_unique",
    "risk_events": "risk_events_name_unique",
    "control_measures": "control_measures_description_unique",
}

# The grade of each stage from its latest assessment by date (record order breaks ties), banded
# by the enterprise's policy as it is now (its defaults when it never changed one).
_CURRENT_GRADES = """
WITH latest AS (
    SELECT DISTINCT ON (a.risk_event_id, a.stage) a.risk_event_id, a.enterprise_id, a.stage, a.method, a.value,
           a.assessed_on, a.reassess_on
    FROM risk_assessments a ORDER BY a.risk_event_id, a.stage, a.assessed_on DESC, a.recorded_at DESC
), banded AS (
    SELECT l.*, CASE
        WHEN l.value >= coalesce((b.bands ->> 'major')::float, d.major) THEN 1
        WHEN l.value >= coalesce((b.bands ->> 'large')::float, d.large) THEN 2
        WHEN l.value >= coalesce((b.bands ->> 'general')::float, d.general) THEN 3
        ELSE 4 END AS level, g.control_levels
    FROM latest l
    LEFT JOIN grading_policies g ON g.enterprise_id = l.enterprise_id
    CROSS JOIN LATERAL (SELECT CASE WHEN l.method = 'LEC' THEN g.lec ELSE g.ls END AS bands) b
    CROSS JOIN LATERAL (SELECT CASE WHEN l.method = 'LEC' THEN 320 ELSE 17 END AS major,
                               CASE WHEN l.method = 'LEC' THEN 160 ELSE 11 END AS large,
                               CASE WHEN l.method = 'LEC' THEN 70 ELSE 5 END AS general) d
), graded AS (
    SELECT b.*, coalesce(b.control_levels ->> b.level::text,
                         (ARRAY['company', 'department', 'team', 'post'])[b.level]) AS control_level
    FROM banded b
)
UPDATE risk_events r SET
    inherent_method = i.method, inherent_value = i.value, inherent_level = i.level,
    inherent_assessed_on = i.assessed_on,
    residual_method = s.method, residual_value = s.value, residual_level = s.level,
    residual_assessed_on = s.assessed_on,
    control_level = coalesce(s.control_level, i.control_level),
    assessed_on = greatest(i.assessed_on, s.assessed_on),
    reassess_on = CASE WHEN s.assessed_on IS NULL OR i.assessed_on > s.assessed_on THEN i.reassess_on
                       ELSE s.reassess_on END
FROM risk_events e
LEFT JOIN graded i ON i.risk_event_id = e.id AND i.stage = 'inherent'
LEFT JOIN graded s ON s.risk_event_id = e.id AND s.stage = 'residual'
WHERE r.id = e.id AND (i.risk_event_id IS NOT NULL OR s.risk_event_id IS NOT NULL)
"""


def upgrade() -> None:
    conn = op.get_bind()
    for table, key, source, scope, key_expr in _NAMED:
        op.execute(f"ALTER TABLE {table} ADD COLUMN {key} text")
        rows = conn.execute(text(f"SELECT id, {source}, {scope_active(table)} FROM {table} ORDER BY id")).all()
        seen: set[tuple] = set()
        for row_id, value, *scope_values in rows:
            k = name_key(value)
            if tuple(scope_values) != (None,) and (*scope_values, k) in seen:
                k = f"{k}#{row_id}"  # a duplicate stored before this rule: kept apart, visible, never matched
            seen.add((*scope_values, k))
            conn.execute(text(f"UPDATE {table} SET {key} = :k WHERE id = :id"), {"k": k, "id": row_id})
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {key} SET NOT NULL")
        op.execute(f"CREATE UNIQUE INDEX {UNIQUE_INDEXES[table]} ON {table} ({scope}, {key_expr}) WHERE NOT retired")
    for column in ("inherent_assessed_on", "residual_assessed_on", "assessed_on"):
        op.execute(f"ALTER TABLE risk_events ADD COLUMN {column} date")
    op.execute(_CURRENT_GRADES)


def scope_active(table: str) -> str:
    """The scope of a row's name as one value, NULL for a retired row (which never clashes)."""
    scope = {"org_units": "enterprise_id || '/' || coalesce(parent_id, '')", "risk_objects": "enterprise_id",
             "risk_units": "object_id", "risk_events": "unit_id", "control_measures": "risk_event_id"}[table]
    return f"CASE WHEN retired THEN NULL ELSE {scope} END"
