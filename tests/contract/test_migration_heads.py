"""`libs.migrations.heads` reads a migrations folder's heads without Alembic (a service checks its
head at every start, and importing Alembic cost 0.8 s of CPU there): for every migrations folder
in the repository it must give Alembic's own answer, and a file whose revision it could not read
must not go unnoticed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from libs.migrations import alembic_config, heads

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = sorted(p.parent for p in ROOT.glob("services/**/versions") if p.is_dir()) + \
    sorted(p.parent for p in ROOT.glob("tests/**/versions") if p.is_dir())


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_heads_are_alembics(folder):
    script = ScriptDirectory.from_config(alembic_config(folder, "", ""))
    assert heads(folder) == set(script.get_heads())
    assert len(list((folder / "versions").glob("*.py"))) == len(list(script.walk_revisions()))


def test_a_branch_has_two_heads_and_a_merge_one(tmp_path):
    versions = tmp_path / "versions"
    versions.mkdir()
    for name, down in [("a", None), ("b", "a"), ("c", "a")]:
        (versions / f"{name}.py").write_text(f"revision = {name!r}\ndown_revision = {down!r}\n")
    assert heads(tmp_path) == {"b", "c"}
    (versions / "d.py").write_text('revision = "d"\ndown_revision = ("b", "c")\n')
    assert heads(tmp_path) == {"d"}


def test_a_service_process_checks_its_head_without_importing_alembic():
    probe = ("import sys; from pathlib import Path; import services.risk_registry.app as app; "
             "from libs.migrations import heads; heads(app.SPEC.migrations); "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'sqlalchemy')))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
