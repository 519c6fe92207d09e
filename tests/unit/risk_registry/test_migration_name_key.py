"""Migration 0004 keys the names already stored with its own frozen copy of the name key, so it
does the same whenever it runs. Today that copy and libs/names.py must agree, or the claims it
wrote would not match the keys the service claims now; when libs/names.py changes, this fails
and says a re-keying migration is needed."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from libs.names import name_key
from services.risk_registry.app import SPEC

SAMPLES = ["生产部", " 生产部\u200b ", "\u202e设备\u200b部", "Tank  A", "ＴＡＮＫ\u3000a", "双氧水罐区\ufeff",
           "e\u0301", "é", "Straße", "STRASSE", "氢化\t班\n", "配置灭火器 " * 50, "", "\u202e\u200b"]


def _migration():
    path = Path(SPEC.migrations) / "versions" / "0004_risk_rules.py"
    spec = importlib.util.spec_from_file_location("migration_0004", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_frozen_name_key_of_migration_0004_agrees_with_the_live_one():
    frozen = _migration()
    assert [frozen.name_key(s) for s in SAMPLES] == [name_key(s) for s in SAMPLES]


def test_migration_0004_does_not_import_the_live_name_key():
    source = (Path(SPEC.migrations) / "versions" / "0004_risk_rules.py").read_text()
    assert "libs.names" not in source and "from libs" not in source
