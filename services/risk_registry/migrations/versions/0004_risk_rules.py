"""Rules of issue 9 in the read model: one name per parent (`name_claims`, a unique index on the
name's key among active things) and the current grade of a risk by its assessment date.

Revision ID: 0004
"""
import unicodedata

from alembic import op
from sqlalchemy import text

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


# The name key as libs/names.py defined it when this migration was written, frozen here: a
# migration must do the same thing whenever it runs. If libs/names.py ever keys names otherwise,
# the claims written here (and since) need a migration of their own that re-keys them.
def _is_space(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Zs", "Zl", "Zp")


def _normalise(value: str) -> str:
    value = unicodedata.normalize("NFC", value)
    kept: list[str] = []
    for ch in value:
        if unicodedata.category(ch) == "Cf":
            continue
        if _is_space(ch):
            if kept and kept[-1] != " ":
                kept.append(" ")
            continue
        kept.append(ch)
    return "".join(kept).strip(" ")


def name_key(value: str) -> str:
    return unicodedata.normalize("NFKC", _normalise(value)).casefold()


# What claims a name, and its scope (the parent under which the name must be unique).
_NAMED = [
    ("org_unit", "org_units", "name", "enterprise_id || '/' || coalesce(parent_id, '')"),
    ("risk_object", "risk_objects", "name", "enterprise_id"),
    ("risk_unit", "risk_units", "name", "object_id"),
    ("risk_event", "risk_events", "name", "unit_id"),
    ("control_measure", "control_measures", "description", "risk_event_id"),
]

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
    # One row per active named thing; a long key (a measure's description) is compared by digest.
    op.execute("""
        CREATE TABLE name_claims (
            owner_id text PRIMARY KEY,
            kind     text NOT NULL,
            scope    text NOT NULL,
            key      text NOT NULL
        )""")
    op.execute("CREATE UNIQUE INDEX name_claims_unique ON name_claims (kind, scope, md5(key))")
    conn = op.get_bind()
    for kind, table, source, scope in _NAMED:
        rows = conn.execute(text(f"SELECT id, {source}, {scope} FROM {table} WHERE NOT retired ORDER BY id")).all()
        seen: set[tuple[str, str]] = set()
        for owner_id, value, owner_scope in rows:
            key = name_key(value)
            if (owner_scope, key) in seen:
                key = f"{key}#{owner_id}"  # a duplicate stored before this rule: kept, never matched
            seen.add((owner_scope, key))
            conn.execute(text("INSERT INTO name_claims (owner_id, kind, scope, key) VALUES (:o, :k, :s, :key)"),
                         {"o": owner_id, "k": kind, "s": owner_scope, "key": key})
    for column in ("inherent_assessed_on", "residual_assessed_on", "assessed_on"):
        op.execute(f"ALTER TABLE risk_events ADD COLUMN {column} date")
    op.execute(_CURRENT_GRADES)
