"""The regulator's command warns before it sends a token where anyone on the way can read it."""

from __future__ import annotations

from services.audit.over_api_cli import token_exposed


def test_a_token_over_plain_http_to_another_host_is_warned_of_and_not_to_the_loopback_or_over_https():
    assert "明文" in token_exposed("http://audit.example.cn:8000/audit")
    assert "明文" in token_exposed("http://10.0.0.7/audit")
    for safe in ("https://audit.example.cn/audit", "http://127.0.0.1:8000", "http://[::1]:8000/audit",
                 "http://localhost:8000"):
        assert token_exposed(safe) is None, safe
