"""Which answers get another attempt."""

from __future__ import annotations

import pytest

from services.alerting.channels.domain.classify import (
    DINGTALK_PERMANENT,
    DINGTALK_TRANSIENT,
    WECOM_PERMANENT,
    WECOM_TRANSIENT,
    http_status_kind,
    retry_after_seconds,
    robot_outcome,
    smtp_reply_kind,
)
from services.alerting.channels.domain.delivery import OutcomeKind

OK, TRANSIENT, PERMANENT = OutcomeKind.OK, OutcomeKind.TRANSIENT, OutcomeKind.PERMANENT


@pytest.mark.parametrize(("status", "kind"), [
    (200, OK), (204, OK), (500, TRANSIENT), (502, TRANSIENT), (503, TRANSIENT), (429, TRANSIENT),
    (408, TRANSIENT), (400, PERMANENT), (401, PERMANENT), (403, PERMANENT), (404, PERMANENT),
    (410, PERMANENT), (301, PERMANENT), (302, PERMANENT),
])
def test_http_statuses(status, kind):
    assert http_status_kind(status) is kind


@pytest.mark.parametrize(("errcode", "kind"), [
    (0, OK), (130101, TRANSIENT), (-1, TRANSIENT), (310000, PERMANENT), (300001, PERMANENT),
    (300005, PERMANENT), (400013, PERMANENT), (999999, TRANSIENT),
])
def test_dingtalk_codes_behind_a_200(errcode, kind):
    outcome = robot_outcome(200, {"errcode": errcode, "errmsg": "m"}, "d", DINGTALK_TRANSIENT, DINGTALK_PERMANENT)
    assert outcome.kind is kind
    assert outcome.code == str(errcode)
    assert outcome.message == "m"
    assert outcome.digest == "d"


@pytest.mark.parametrize(("errcode", "kind"), [
    (0, OK), (45009, TRANSIENT), (-1, TRANSIENT), (93000, PERMANENT), (40008, PERMANENT), (44004, PERMANENT),
])
def test_wecom_codes_behind_a_200(errcode, kind):
    assert robot_outcome(200, {"errcode": errcode, "errmsg": "m"}, "d", WECOM_TRANSIENT, WECOM_PERMANENT).kind is kind


def test_a_robot_status_comes_before_its_body():
    outcome = robot_outcome(503, {"errcode": 0}, "d", WECOM_TRANSIENT, WECOM_PERMANENT, retry_after=7)
    assert (outcome.kind, outcome.code, outcome.retry_after_seconds) == (TRANSIENT, "http_503", 7)
    assert robot_outcome(404, None, "d", WECOM_TRANSIENT, WECOM_PERMANENT).kind is PERMANENT


@pytest.mark.parametrize("answer", [None, "<html>", {"errmsg": "no code"}, {"errcode": "0"}, []])
def test_a_200_without_the_platform_json_is_tried_again(answer):
    outcome = robot_outcome(200, answer, "d", DINGTALK_TRANSIENT, DINGTALK_PERMANENT)
    assert (outcome.kind, outcome.code) == (TRANSIENT, "bad_answer")


@pytest.mark.parametrize(("code", "kind"), [(250, OK), (421, TRANSIENT), (450, TRANSIENT), (451, TRANSIENT),
                                             (452, TRANSIENT), (535, PERMANENT), (550, PERMANENT), (554, PERMANENT)])
def test_smtp_reply_codes(code, kind):
    assert smtp_reply_kind(code) is kind


@pytest.mark.parametrize(("header", "seconds"), [(None, None), ("120", 120.0), (" 3 ", 3.0), ("-1", None),
                                                 ("Wed, 21 Oct 2015 07:28:00 GMT", None)])
def test_retry_after(header, seconds):
    assert retry_after_seconds(header) == seconds
