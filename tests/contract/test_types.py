"""`libs/` and every service's `domain/` type-check clean under mypy (the files are named in
pyproject.toml's `[tool.mypy]`, so `make lint` checks the same). The second test proves the check
would notice: a copy of the code with a domain rule that returns a level where a label is wanted."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MYPY = [sys.executable, "-m", "mypy"]


def mypy(where: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([*MYPY, *extra], cwd=where, capture_output=True, text=True, timeout=600)


def test_libs_and_every_domain_type_check():
    result = mypy(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout


def test_a_wrong_type_in_a_domain_is_found(tmp_path):
    for package in ("libs", "services"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    wrong = tmp_path / "services" / "risk_registry" / "risk_chain" / "domain" / "wrong.py"
    wrong.write_text("from services.risk_registry.risk_chain.domain.codes import RiskLevel\n\n\n"
                     "def label(level: RiskLevel) -> str:\n    return level\n")
    result = mypy(tmp_path, "--cache-dir", str(tmp_path / ".mypy_cache"))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "wrong.py:5: error: Incompatible return value type" in result.stdout
