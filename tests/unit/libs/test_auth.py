"""Bearer tokens and tenant scope: who may read and who may write an enterprise's data."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest

from libs.auth import ISSUER, Principal, Role, decode_token, issue_token
from libs.config import DEV_JWT_KEY, Settings
from libs.errors import Unauthorized, Unavailable


def settings(**overrides) -> Settings:
    # Explicit values and no .env file: the test does not depend on the machine's SK_* variables.
    return Settings(_env_file=None, **({"dev_mode": True, "jwt_key": ""} | overrides))


DEV = settings()
OTHER_KEY = "someone-elses-key-of-at-least-32-bytes"
PROD_KEY = "prod-secret-of-at-least-32-bytes!"


def test_token_round_trip_gives_back_the_principal():
    token = issue_token(DEV, person_id="p-1", enterprise_id="ent-1", roles=["safety_officer", "worker"])
    assert decode_token(DEV, token) == Principal(person_id="p-1", enterprise_id="ent-1",
                                                 roles=frozenset({Role.SAFETY_OFFICER, Role.WORKER}))


def test_regulator_token_carries_the_jurisdiction():
    token = issue_token(DEV, person_id="r-1", enterprise_id=None, roles=[Role.REGULATOR],
                        jurisdiction=["ent-2", "ent-1"])
    principal = decode_token(DEV, token)
    assert principal.enterprise_id is None
    assert principal.jurisdiction == {"ent-1", "ent-2"}


def test_expired_token_is_refused():
    token = issue_token(DEV, person_id="p-1", enterprise_id="ent-1", roles=[], ttl=timedelta(seconds=-5))
    with pytest.raises(Unauthorized):
        decode_token(DEV, token)


def test_token_signed_with_another_key_is_refused():
    token = issue_token(settings(jwt_key=OTHER_KEY), person_id="p-1", enterprise_id="ent-1", roles=[])
    with pytest.raises(Unauthorized):
        decode_token(DEV, token)


def test_token_from_another_issuer_is_refused():
    token = jwt.encode({"iss": "not-" + ISSUER, "sub": "p-1", "exp": 9_999_999_999}, DEV_JWT_KEY)
    with pytest.raises(Unauthorized):
        decode_token(DEV, token)


def test_token_with_an_unknown_role_is_refused():
    token = jwt.encode({"iss": ISSUER, "sub": "p-1", "exp": 9_999_999_999, "roles": ["god"]}, DEV_JWT_KEY)
    with pytest.raises(Unauthorized):
        decode_token(DEV, token)


def test_garbage_token_is_refused():
    with pytest.raises(Unauthorized):
        decode_token(DEV, "not.a.token")


MEMBER = Principal(person_id="p-1", enterprise_id="ent-1", roles=frozenset({Role.WORKER}))
REGULATOR = Principal(person_id="r-1", roles=frozenset({Role.REGULATOR}), jurisdiction=frozenset({"ent-1"}))


def test_member_reads_and_writes_their_own_enterprise():
    assert MEMBER.can_read("ent-1") and MEMBER.can_write("ent-1")


def test_member_neither_reads_nor_writes_another_enterprise():
    assert not MEMBER.can_read("ent-2") and not MEMBER.can_write("ent-2")


def test_regulator_reads_inside_the_jurisdiction_but_never_writes():
    assert REGULATOR.can_read("ent-1")
    assert not REGULATOR.can_write("ent-1")


def test_regulator_reads_nothing_outside_the_jurisdiction():
    assert not REGULATOR.can_read("ent-2")


def test_regulator_who_also_belongs_to_an_enterprise_still_never_writes_it():
    both = REGULATOR.model_copy(update={"enterprise_id": "ent-1"})
    assert not both.can_write("ent-1")


def test_dev_mode_without_a_key_signs_with_the_dev_key():
    assert DEV.signing_key() == DEV_JWT_KEY


def test_production_without_a_key_refuses_to_sign():
    with pytest.raises(ValueError, match="required"):
        settings(dev_mode=False).signing_key()


def test_production_refuses_the_dev_key():
    with pytest.raises(ValueError, match="dev key"):
        settings(dev_mode=False, jwt_key=DEV_JWT_KEY).signing_key()


def test_production_with_its_own_key_signs_with_it():
    assert settings(dev_mode=False, jwt_key=PROD_KEY).signing_key() == PROD_KEY


@pytest.mark.parametrize("make", [
    lambda: "abc.def",
    lambda: issue_token(settings(jwt_key=OTHER_KEY), person_id="p-1", enterprise_id="e", roles=[]),
    lambda: issue_token(DEV, person_id="p-1", enterprise_id="e", roles=[], ttl=timedelta(seconds=-5)),
    lambda: jwt.encode({"iss": ISSUER, "exp": 2**31}, DEV_JWT_KEY, algorithm="HS256"),  # no sub
    lambda: jwt.encode({"iss": ISSUER, "sub": "p", "exp": 2**31, "roles": ["king"]}, DEV_JWT_KEY, algorithm="HS256"),
])
def test_a_refused_token_says_so_in_chinese_without_the_decoders_reason(make):
    with pytest.raises(Unauthorized) as refused:
        decode_token(DEV, make())
    message = refused.value.message
    assert message in ("令牌无效，请重新登录", "令牌已过期，请重新登录"), message


def test_a_missing_signing_key_is_not_told_to_the_caller():
    token = issue_token(DEV, person_id="p-1", enterprise_id="e", roles=[])
    with pytest.raises(Unavailable) as refused:
        decode_token(settings(dev_mode=False), token)
    assert "SK_" not in refused.value.message and "DEV_MODE" not in refused.value.message
    assert refused.value.status == 503 and "身份认证" in refused.value.message
