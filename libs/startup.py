"""What a service (and the gateway) checks before it serves anything: a configuration under which
it could only answer 503s, or would take tokens anyone can forge, stops the process at start,
with a message for the operator, instead of running half-safe.

Outside dev mode: a signing key is configured, of at least 32 bytes, and not the dev key. In any
mode: every configured identity provider is one we can check soundly (an asymmetric algorithm,
roles inside an enterprise, an issuer of its own; outside dev mode its keys over https).
"""

from __future__ import annotations

from urllib.parse import urlparse

from libs.auth.oidc import ASYMMETRIC
from libs.auth.principal import ISSUER
from libs.auth.roles import ENTERPRISE_ROLES
from libs.config import Settings


class StartupRefused(SystemExit):
    """The process's end, not an error to handle: as a SystemExit it leaves `shuangkong serve` (or
    any host) with status 1 and its message on stderr, no traceback."""


def auth_problems(settings: Settings) -> list[str]:
    problems: list[str] = []
    try:
        settings.signing_key()
    except ValueError as exc:
        problems.append(str(exc))
    issuers: set[str] = set()
    for p in settings.oidc_providers:
        where = f"SK_OIDC_PROVIDERS, issuer {p.issuer!r}"
        if p.issuer == ISSUER:
            problems.append(f"{where}: that is our own tokens' issuer")
        if p.issuer in issuers:
            problems.append(f"{where}: configured twice")
        issuers.add(p.issuer)
        if not p.algorithms or set(p.algorithms) - ASYMMETRIC:
            problems.append(f"{where}: algorithms {list(p.algorithms)}; "
                            f"only asymmetric ones ({', '.join(sorted(ASYMMETRIC))})")
        beyond = sorted(set(p.role_map.values()) - ENTERPRISE_ROLES)
        if beyond:
            problems.append(f"{where}: role_map grants {beyond}; an enterprise's provider grants only "
                            f"{', '.join(sorted(ENTERPRISE_ROLES))}")
        scheme = urlparse(p.jwks_url).scheme
        if scheme not in ("https", "http") or (scheme == "http" and not settings.dev_mode):
            problems.append(f"{where}: jwks_url {p.jwks_url!r} must be https (http only in dev mode)")
    return problems


def refuse_unsafe_start(settings: Settings, who: str) -> None:
    """Raise StartupRefused, naming every problem at once, unless `who` may start with `settings`."""
    problems = auth_problems(settings)
    if problems:
        raise StartupRefused(f"{who}: refusing to start (SK_DEV_MODE={str(settings.dev_mode).lower()}):\n  - "
                             + "\n  - ".join(problems))
