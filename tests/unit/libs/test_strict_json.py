"""Request bodies are standard JSON: no NaN/Infinity token and no number past a double, anywhere,
and the refusal names the path of the value."""

from __future__ import annotations

import json

import pytest

from libs.strict_json import BodyProblem, path_of_non_finite, problem_of

BIG = "1" + "0" * 400


@pytest.mark.parametrize("body, field", [
    ('{"outline": [[NaN, 1], [2, 3]]}', "outline.0.0"),
    ('{"outline": [[0, 1], [2, Infinity]]}', "outline.1.1"),
    ('{"q": -Infinity}', "q"),
    ('{"q": 1e308, "critical_q": 1e400}', "critical_q"),
    ('{"lec": {"major": -1e999}}', "lec.major"),
    (f'{{"inputs": {{"l": {BIG}}}}}', "inputs.l"),
    ('[{"a": [{"b": NaN}]}]', "0.a.0.b"),
    ("NaN", "body"),
])
def test_a_non_finite_value_anywhere_is_named_by_its_path(body, field):
    assert problem_of(body.encode()) == BodyProblem("non_finite", field)


@pytest.mark.parametrize("body", [b'{"a": 1', b"{'a': 1}", b'{"a": "\\ud800"}', b"\xef\xbb\xbf{}", b"[" * 5000])
def test_what_is_not_json_is_a_syntax_problem_of_the_body(body):
    assert problem_of(body) == BodyProblem("syntax", "body")


@pytest.mark.parametrize("body", [
    b'{"q": 1e308, "critical_q": 1e-308}', b'{"n": 123456789012345678901234567890}',
    '{"名称": "双氧水罐区", "outline": [[0, 0], [1, 0], [1, 1]]}'.encode(), b"[]", b"null"])
def test_standard_json_passes(body):
    assert problem_of(body) is None
    json.loads(body)  # and the framework reads it as before


def test_path_of_non_finite_in_decoded_values():
    assert path_of_non_finite({"a": [1.0, {"b": float("nan")}]}) == "a.1.b"
    assert path_of_non_finite({"a": [1.0, 2]}) is None
    assert path_of_non_finite(float("inf")) == ""
