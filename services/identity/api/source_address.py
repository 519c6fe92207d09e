"""The client's address, as the gateway forwards it: `X-Forwarded-For` is believed only as far as
it was written by trusted proxies (`SK_IDENTITY_TRUSTED_PROXIES`). Walked from the right — the
peer, then each address a trusted hop appended — the first address that is not a trusted proxy is
the client's; what a client wrote itself stays to the left of it and is never reached."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from fastapi import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
UNKNOWN = "unknown"


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(peer: str | None, forwarded_for: Sequence[str], trusted: Sequence[Network]) -> str:
    """`peer`: who connected; `forwarded_for`: the X-Forwarded-For lines, in order."""
    hops = [a for line in forwarded_for for a in line.split(",")] + [peer or UNKNOWN]
    believed = UNKNOWN
    for hop in reversed(hops):
        ip = _ip(hop)
        if ip is None:  # not an address: stop at the last one a trusted hop vouched for
            return believed if believed != UNKNOWN else UNKNOWN
        believed = str(ip)
        if not any(ip in network for network in trusted):
            return believed
    return believed  # every hop trusted: the leftmost


def source_address(request: Request) -> str:
    trusted = request.app.state.identity_settings.proxies()
    peer = request.client.host if request.client else None
    return client_address(peer, request.headers.getlist("x-forwarded-for"), trusted)
