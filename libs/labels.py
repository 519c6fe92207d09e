"""Code tables and the labels they give: every coded value in an answer carries its Chinese
name beside it (`level: 2` → `level_label: "较大风险"`), so no client hard-codes a table.

A service declares its tables (`CodeTable`) and which answer fields hold which table's codes
(`Labeller`); the labeller is a response view (libs/views.py) and also documents the `_label`
fields it adds in the OpenAPI document. A list of codes gets a list of labels.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict

from libs.labelled_enum import Labelled, give_labels

SUFFIX = "_label"


@dataclass(frozen=True)
class Code:
    code: int | float | str
    label: str
    parent: int | float | str | None = None  # the code this one is grouped under (classify2 → classify1)
    colour: str | None = None


@dataclass(frozen=True)
class CodeTable:
    """One official or common code list: its name in the API, its Chinese title, its codes."""

    name: str
    title: str
    codes: tuple[Code, ...]
    source: str | None = None  # the standard or platform that defines it
    _by_key: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {_key(c.code): c.label for c in self.codes})

    @classmethod
    def of(cls, name: str, title: str, labels: Mapping[Any, str], *, source: str | None = None,
           parents: Mapping[Any, Any] | None = None, colours: Mapping[Any, str] | None = None) -> CodeTable:
        """A table from a `{code: label}` mapping (enum members or plain values), in its order."""
        parents, colours = parents or {}, colours or {}
        enums = {type(code) for code in labels}
        if len(enums) == 1 and issubclass(first := enums.pop(), Labelled) and issubclass(first, Enum):
            give_labels(first, labels)  # a value outside the table is refused with these labels
        return cls(name, title, tuple(
            Code(_plain(code), label, _plain(parents[code]) if code in parents else None, colours.get(code))
            for code, label in labels.items()), source)

    def label(self, code: Any) -> str | None:
        return self._by_key.get(_key(code))

    def __contains__(self, code: Any) -> bool:
        return _key(code) in self._by_key


def _plain(code: Any) -> int | float | str:
    return code.value if isinstance(code, Enum) else code


def _key(code: Any) -> str:
    return str(_plain(code))


class Labeller:
    """Adds `<field>_label` beside each field named in `fields`, wherever it is in the answer.

    A field may name several tables (an org unit's `kind` and a risk object's `kind` are coded
    apart); the first that knows the value labels it. An unknown or null code is labelled null;
    a label a route already gave is left alone."""

    exports = False  # an export's columns write their own labels (libs/views.apply_to)

    def __init__(self, fields: Mapping[str, CodeTable | Sequence[CodeTable]]) -> None:
        self.fields = {name: (t,) if isinstance(t, CodeTable) else tuple(t) for name, t in fields.items()}
        # One look-up per field, the first table winning: answers are labelled row by row.
        self._labels: dict[str, dict[str, str]] = {}
        for name, tables in self.fields.items():
            merged: dict[str, str] = {}
            for table in reversed(tables):
                merged.update({_key(c.code): c.label for c in table.codes})
            self._labels[name] = merged
        self._quoted = tuple(f'"{name}"'.encode() for name in self.fields)

    def wants(self, raw: bytes) -> bool:
        """Whether a raw JSON body has any labelled field (most answers of other kinds do not)."""
        return any(name in raw for name in self._quoted)

    def label(self, name: str, value: Any) -> Any:
        if isinstance(value, list):
            return [self.label(name, v) for v in value]
        if value is None or isinstance(value, dict | bool):
            return None
        return self._labels[name].get(value if isinstance(value, str) else _key(value))

    def enrich(self, body: Any) -> Any:
        if isinstance(body, list):
            for item in body:
                if isinstance(item, dict | list):
                    self.enrich(item)
        elif isinstance(body, dict):
            labels = self._labels
            added = {}
            for name, value in body.items():
                if name in labels:
                    if name + SUFFIX not in body:
                        added[name + SUFFIX] = self.label(name, value)
                elif isinstance(value, dict | list):
                    self.enrich(value)
            body.update(added)
        return body

    async def __call__(self, body: Any, _request: Any) -> Any:
        return self.enrich(body)

    def document(self, spec: dict[str, Any]) -> dict[str, Any]:
        """`spec` with a `<field>_label` property beside every labelled property of every schema
        that answers carry (not of request bodies: a label is never sent in)."""
        schemas = spec.get("components", {}).get("schemas", {})
        for name in _answer_schemas(spec):
            properties = schemas[name].get("properties")
            if not isinstance(properties, dict):
                continue
            for field_name in [n for n in properties if n in self.fields]:
                titles = "、".join(t.title for t in self.fields[field_name])
                single = {"type": ["string", "null"]}
                prop = properties[field_name]
                is_list = prop.get("type") == "array" or any(
                    option.get("type") == "array" for option in prop.get("anyOf", []))
                properties.setdefault(field_name + SUFFIX, {
                    "title": f"{field_name} 的中文名称",
                    "description": f"{field_name} 的中文名称 ({titles}), 见 /code-tables",
                    **({"type": "array", "items": single} if is_list else single)})
        return spec


_REF = "#/components/schemas/"


def _refs(node: Any, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_REF):
            found.add(ref[len(_REF):])
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)
    return found


def _reachable(roots: set[str], schemas: dict[str, Any]) -> set[str]:
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name in seen or name not in schemas:
            continue
        seen.add(name)
        todo.extend(_refs(schemas[name], set()))
    return seen


def _answer_schemas(spec: dict[str, Any]) -> set[str]:
    """Schemas reachable from a successful answer and from no request body."""
    schemas = spec.get("components", {}).get("schemas", {})
    answers: set[str] = set()
    requests: set[str] = set()
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for status, response in operation.get("responses", {}).items():
                if str(status).startswith("2"):
                    _refs(response, answers)
            _refs(operation.get("requestBody", {}), requests)
    return _reachable(answers, schemas) - _reachable(requests, schemas)


# ---- the code tables as an answer ---------------------------------------------------------------

class CodeOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    code: int | float | str
    label: str
    parent: int | float | str | None = None
    colour: str | None = None


class CodeTableOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    name: str
    title: str
    source: str | None = None
    codes: list[CodeOut]


class CodeTablesOut(BaseModel):
    """Every code table, each with its `name` (a list, not keyed by name: a table's name may be a
    field's name, and the labeller would read it as one)."""

    model_config = ConfigDict(extra="allow")
    tables: list[CodeTableOut]


def tables_body(tables: Iterable[CodeTable]) -> dict[str, Any]:
    return {"tables": [{"name": t.name, "title": t.title, "source": t.source,
                        "codes": [vars(c) for c in t.codes]} for t in tables]}
