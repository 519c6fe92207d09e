"""A token's lifetime is bounded: minutes for our access tokens, a working day in dev mode, an
hour for an enterprise identity provider's; a token that does not say when it was issued, says
it is issued in the future, or is not valid yet, is refused."""

from __future__ import annotations

import time
from datetime import timedelta

import jwt
import pytest

from libs.auth import ACCESS, ISSUER, decode_token, issue_token
from libs.auth.claims import check_times
from libs.config import DEV_JWT_KEY, Settings
from libs.errors import Unauthorized

PROD_KEY = "prod-secret-of-at-least-32-bytes!"
TOO_LONG = "令牌有效期超出允许范围"
NOT_YET = "令牌尚未生效，请稍后重试"
HUNDRED_YEARS = 100 * 365 * 86400


def settings(**overrides) -> Settings:
    return Settings(_env_file=None, **({"dev_mode": True, "jwt_key": ""} | overrides))


DEV = settings()
PROD = settings(dev_mode=False, jwt_key=PROD_KEY)


def forged(key: str = DEV_JWT_KEY, **claims) -> str:
    """A token of ours as an attacker holding the key (or a careless issuer) would sign it: now
    issued, an hour to live, unless `claims` say otherwise (None drops a claim)."""
    now = int(time.time())
    base = {"iss": ISSUER, "sub": "p-1", "typ": ACCESS, "roles": ["worker"], "ent": "ent-1",
            "iat": now, "exp": now + 3600}
    merged = {k: v for k, v in (base | claims).items() if v is not None}
    return jwt.encode(merged, key, algorithm="HS256")


def refusal(s: Settings, token: str) -> str:
    with pytest.raises(Unauthorized) as refused:
        decode_token(s, token)
    return refused.value.message


def test_a_hundred_year_token_is_refused_outside_dev_mode():
    now = int(time.time())
    assert refusal(PROD, forged(PROD_KEY, iat=now, exp=now + HUNDRED_YEARS)) == TOO_LONG


def test_a_hundred_year_token_is_refused_in_dev_mode_too():
    now = int(time.time())
    assert refusal(DEV, forged(iat=now, exp=now + HUNDRED_YEARS)) == TOO_LONG


def test_outside_dev_mode_our_tokens_live_fifteen_minutes_at_most():
    now = int(time.time())
    assert decode_token(PROD, forged(PROD_KEY, iat=now, exp=now + 15 * 60)).person_id == "p-1"
    assert refusal(PROD, forged(PROD_KEY, iat=now, exp=now + 15 * 60 + 1)) == TOO_LONG


def test_in_dev_mode_our_tokens_may_live_a_working_day():
    now = int(time.time())
    assert decode_token(DEV, forged(iat=now, exp=now + 12 * 3600)).person_id == "p-1"
    assert refusal(DEV, forged(iat=now, exp=now + 12 * 3600 + 1)) == TOO_LONG


def test_the_maximum_is_configured():
    s = settings(dev_mode=False, jwt_key=PROD_KEY, access_token_max_ttl_s=60)
    now = int(time.time())
    assert refusal(s, forged(PROD_KEY, iat=now, exp=now + 61)) == TOO_LONG


def test_a_token_without_iat_is_refused_as_of_unknown_lifetime():
    assert refusal(DEV, forged(iat=None)) == TOO_LONG


def test_an_old_iat_with_a_far_exp_is_the_lifetime_that_counts():
    """Issued long ago and valid for long to come: the lifetime, not the time left, is bounded."""
    now = int(time.time())
    assert refusal(PROD, forged(PROD_KEY, iat=now - 3600, exp=now + 60)) == TOO_LONG


def test_a_token_issued_in_the_future_is_refused_beyond_the_leeway():
    now = int(time.time())
    assert refusal(DEV, forged(iat=now + 120, exp=now + 600)) == NOT_YET
    assert decode_token(DEV, forged(iat=now + 10, exp=now + 600)).person_id == "p-1"  # clocks a little apart


def test_not_before_is_honoured():
    now = int(time.time())
    assert refusal(DEV, forged(nbf=now + 120)) == NOT_YET
    assert decode_token(DEV, forged(nbf=now - 1)).person_id == "p-1"


def test_an_expiry_is_never_stretched_by_the_leeway():
    now = int(time.time())
    assert refusal(DEV, forged(iat=now - 60, exp=now - 1)) == "令牌已过期，请重新登录"


@pytest.mark.parametrize("claims", [{"iat": "yesterday"}, {"nbf": "soon"}, {"iat": True}])
def test_times_that_are_no_numbers_are_refused(claims):
    assert refusal(DEV, forged(**claims)) == "令牌无效，请重新登录"


def test_check_times_reads_the_lifetime_from_iat_and_exp():
    check_times({"iat": 100, "exp": 1000}, now=100, max_ttl_s=900, leeway_s=0)
    with pytest.raises(Unauthorized):
        check_times({"iat": 100, "exp": 1001}, now=100, max_ttl_s=900, leeway_s=0)


# ---- issuing ---------------------------------------------------------------------------------

def lifetime(token: str) -> int:
    claims = jwt.decode(token, options={"verify_signature": False})
    return claims["exp"] - claims["iat"]


def test_an_issued_token_lives_the_longest_allowed_by_default():
    assert lifetime(issue_token(PROD, person_id="p", enterprise_id="e", roles=[])) == 15 * 60
    assert lifetime(issue_token(DEV, person_id="p", enterprise_id="e", roles=[])) == 12 * 3600


def test_an_issued_token_takes_a_shorter_ttl():
    token = issue_token(PROD, person_id="p", enterprise_id="e", roles=[], ttl=timedelta(minutes=5))
    assert lifetime(token) == 300 and decode_token(PROD, token).person_id == "p"


def test_issuing_beyond_the_maximum_is_refused_to_the_operator():
    with pytest.raises(ValueError, match="at most 900s"):
        issue_token(PROD, person_id="p", enterprise_id="e", roles=[], ttl=timedelta(days=365 * 100))
    with pytest.raises(ValueError, match="at most 43200s"):
        issue_token(DEV, person_id="p", enterprise_id="e", roles=[], ttl=timedelta(hours=13))
