"""The code tables cover every code of the risk registry, and every coded field of its events
is labelled: a new enum, or an event field holding one, without a table fails here."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import types
import typing
from enum import Enum

import pytest

from services.risk_registry.code_tables import LABELLED_FIELDS, LABELLER, TABLES
from services.risk_registry.directory import domain as directory_domain
from services.risk_registry.events import registry
from services.risk_registry.risk_chain import domain as chain_domain

CJK = re.compile(r"[\u4e00-\u9fff]")
# An enum of the domain with no table would be a list every client hard-codes.
DOMAIN = [importlib.import_module(f"{domain.__name__}.{m.name}") for domain in (directory_domain, chain_domain)
          for m in pkgutil.iter_modules(domain.__path__)]
ENUMS = [obj for module in DOMAIN for _, obj in inspect.getmembers(module, inspect.isclass)
         if issubclass(obj, Enum) and obj.__module__ == module.__name__]


def _enums_in(annotation) -> list[type[Enum]]:
    if inspect.isclass(annotation) and issubclass(annotation, Enum):
        return [annotation]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) in (typing.Union, list, tuple):
        return [e for arg in typing.get_args(annotation) for e in _enums_in(arg)]
    return []  # dict keys and values (the policy's mapping) are not answer fields


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_every_enum_of_the_domain_is_a_code_table(enum):
    tables = [t for t in TABLES if all(member in t for member in enum)]
    assert tables, f"{enum.__name__} has no code table in services/risk_registry/code_tables.py"


def test_every_coded_event_field_is_labelled():
    unlabelled = []
    for cls in registry.classes():
        for name, field in cls.model_fields.items():
            for enum in _enums_in(field.annotation):
                if name not in LABELLED_FIELDS or not all(LABELLER.label(name, m) for m in enum):
                    unlabelled.append(f"{cls.__name__}.{name} ({enum.__name__})")
    assert not unlabelled, f"add these fields to LABELLED_FIELDS: {unlabelled}"


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_tables_have_unique_codes_and_chinese_labels(table):
    assert len({str(c.code) for c in table.codes}) == len(table.codes) > 0
    assert all(CJK.search(c.label) for c in table.codes), table
    assert CJK.search(table.title)
    assert len({t.name for t in TABLES}) == len(TABLES)


def test_the_official_tables():
    by_name = {t.name: t for t in TABLES}
    accidents = by_name["accident_type"]
    assert [c.code for c in accidents.codes] == list(range(1, 21)) and accidents.source == "GB 6441-1986"
    assert accidents.label(19) == "中毒和窒息"
    assert by_name["risk_level"].label(1) == "重大风险" and by_name["risk_level"].codes[0].colour == "#E53935"
    assert {c.code: c.parent for c in by_name["classify2"].codes}["4-3"] == "4"
    assert by_name["control_level"].label("team") == "班组级"


def test_the_kinds_a_field_holds_do_not_overlap():
    for name, tables in LABELLER.fields.items():
        codes = [str(c.code) for t in tables for c in t.codes]
        assert len(codes) == len(set(codes)), name


def test_a_field_may_hold_codes_of_two_tables():
    body = {"items": [{"kind": "post"}, {"kind": "major_hazard_source", "accident_types": [8, 17]}],
            "data": {"level": None, "control_level": "unknown"}}
    LABELLER.enrich(body)
    assert body["items"][0]["kind_label"] == "岗位" and body["items"][1]["kind_label"] == "重大危险源"
    assert body["items"][1]["accident_types_label"] == ["火灾", "容器爆炸"]
    assert body["data"]["level_label"] is None and body["data"]["control_level_label"] is None
