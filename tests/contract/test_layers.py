"""The layers hold: `libs` never imports a service (nor the composition root), a service never
imports another (nor the composition root), and the risk chain reads the directory only through
`directory/lookups.py` (decision 26). `import-linter` checks the contracts written in
pyproject.toml; the second test proves it would notice, on a copy of the code with an import
that breaks each contract."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(where: Path) -> subprocess.CompletedProcess:
    # The copy's packages first on the path: the editable install's finder comes after it.
    env = {**os.environ, "PYTHONPATH": str(where)}
    return subprocess.run([str(LINT_IMPORTS), "--no-logo", "--no-cache"], cwd=where, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_layers_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_import_across_a_layer_breaks_its_contract(tmp_path):
    for package in ("libs", "services", "shuangkong"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "libs" / "reaching.py").write_text("from services.audit import app  # noqa\n")
    (tmp_path / "services" / "audit" / "reaching.py").write_text(
        "from services.risk_registry import events  # noqa\n")
    chain = tmp_path / "services" / "risk_registry" / "risk_chain"
    (chain / "door.py").write_text("from services.risk_registry.directory import lookups  # noqa\n")
    (chain / "reaching.py").write_text("from services.risk_registry.directory.domain import codes  # noqa\n")

    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "libs never imports a service or the composition root BROKEN" in result.stdout
    assert "no service imports another BROKEN" in result.stdout
    assert "a service never imports the composition root KEPT" in result.stdout
    assert "libs.reaching -> services.audit.app" in result.stdout
    assert "risk_chain imports the directory only through directory.lookups BROKEN" in result.stdout
    report = " ".join(result.stdout.split())  # long lines come wrapped
    assert "risk_chain.reaching -> services.risk_registry.directory.domain.codes" in report
    assert "risk_chain.door" not in report  # the one door stays open
