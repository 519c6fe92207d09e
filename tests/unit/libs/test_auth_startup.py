"""What a service refuses to start with: outside dev mode, no signing key, a short one or the dev
key; in any mode, an identity provider it could not check soundly. (The process itself, exiting:
tests/integration/libs/test_startup_refusal.py.)"""

from __future__ import annotations

import pytest

from libs.config import DEV_JWT_KEY, OidcProvider, Settings
from libs.startup import StartupRefused, auth_problems, refuse_unsafe_start

GOOD_KEY = "k" * 32


def settings(**overrides) -> Settings:
    return Settings(_env_file=None, **({"dev_mode": False, "jwt_key": GOOD_KEY} | overrides))


def provider(**overrides) -> OidcProvider:
    return OidcProvider(**({"issuer": "https://idp.example.com", "jwks_url": "https://idp.example.com/jwks",
                            "audience": "shuangkong", "enterprise_id": "ent-1",
                            "role_map": {"hse": "safety_officer"}} | overrides))


def test_a_key_of_32_bytes_starts():
    assert auth_problems(settings()) == []
    refuse_unsafe_start(settings(), "svc")


@pytest.mark.parametrize("key, words", [
    ("", "required"),
    ("k" * 31, "31 bytes"),
    ("密钥" * 5, "30 bytes"),  # bytes, not characters: ten characters, thirty bytes
    (DEV_JWT_KEY, "dev key"),
])
def test_outside_dev_mode_a_missing_short_or_dev_key_refuses_to_start(key, words):
    with pytest.raises(StartupRefused) as refused:
        refuse_unsafe_start(settings(jwt_key=key), "risk_registry")
    message = str(refused.value)
    assert message.startswith("risk_registry: refusing to start") and words in message, message
    assert refused.value.code == message  # SystemExit: this is printed, the status is 1


@pytest.mark.parametrize("key", ["", "short", DEV_JWT_KEY])
def test_dev_mode_starts_with_any_key(key):
    assert auth_problems(settings(dev_mode=True, jwt_key=key)) == []


def test_a_refusal_is_a_system_exit_not_an_error_to_handle():
    assert issubclass(StartupRefused, SystemExit) and not issubclass(StartupRefused, Exception)


@pytest.mark.parametrize("changes, words", [
    ({"algorithms": ("HS256",)}, "only asymmetric"),
    ({"algorithms": ("RS256", "none")}, "only asymmetric"),
    ({"algorithms": ()}, "only asymmetric"),
    ({"role_map": {"ops": "platform_admin"}}, "role_map grants ['platform_admin']"),
    ({"role_map": {"gov": "regulator", "api": "integrator"}}, "['integrator', 'regulator']"),
    ({"role_map": {"boss": "god"}}, "['god']"),
    ({"issuer": "shuangkong"}, "our own tokens' issuer"),
    ({"jwks_url": "http://idp.example.com/jwks"}, "must be https"),
    ({"jwks_url": "file:///etc/passwd"}, "must be https"),
])
def test_an_identity_provider_that_cannot_be_checked_soundly_refuses_to_start(changes, words):
    problems = auth_problems(settings(oidc_providers=[provider(**changes)]))
    assert len(problems) == 1 and words in problems[0], problems


def test_an_issuer_configured_twice_refuses_to_start():
    problems = auth_problems(settings(oidc_providers=[provider(), provider(enterprise_id="ent-2")]))
    assert problems == ["SK_OIDC_PROVIDERS, issuer 'https://idp.example.com': configured twice"]


def test_a_plain_http_key_set_is_for_dev_mode_only():
    assert auth_problems(settings(dev_mode=True, oidc_providers=[provider(jwks_url="http://127.0.0.1:1/jwks")])) == []


def test_every_problem_is_named_at_once():
    s = settings(jwt_key="short", oidc_providers=[provider(algorithms=("HS256",))])
    with pytest.raises(StartupRefused) as refused:
        refuse_unsafe_start(s, "gateway")
    assert "5 bytes" in str(refused.value) and "only asymmetric" in str(refused.value)


def test_providers_are_read_from_json_in_the_environment(monkeypatch):
    monkeypatch.setenv("SK_OIDC_PROVIDERS", '[{"issuer": "https://idp", "jwks_url": "https://idp/jwks", "audience": '
                                            '"sk", "enterprise_id": "ent-1", "role_map": {"hse": "worker"}}]')
    [p] = Settings(_env_file=None).oidc_providers
    assert (p.issuer, p.person_claim, p.roles_claim) == ("https://idp", "sub", "roles")
    assert p.algorithms == ("RS256", "ES256") and p.role_map == {"hse": "worker"}
