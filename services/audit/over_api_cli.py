"""The regulator's check over the API as the command line prints it, in Chinese: no database
connection, only the service's URL, a token and the log's public keys (services/audit/over_api.py)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import httpx

from services.audit.domain.heads import TreeHead
from services.audit.domain.keys import KeyRing
from services.audit.domain.tree_checks import when
from services.audit.over_api import check_over_api
from services.audit.served_api import ApiRefused, AuditApi
from services.audit.witness import TOPIC, HeadsUnreadable, heads_from_file, heads_from_topic

TIMEOUT_S = 60.0  # a proof reads the enterprise's leaves: O(n) on the service


def token_exposed(api_url: str) -> str | None:
    """Why sending the token to `api_url` exposes it (Chinese), or None: plain http:// to a host
    that is not this machine's loopback is readable by anyone on the way."""
    url = httpx.URL(api_url)
    if url.scheme != "http" or _loopback(url.host):
        return None
    return f"令牌将以明文 http:// 发送到 {url.host}, 途中可被截获; 请使用 https://"


def _loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def published_heads(source: str | None) -> list[TreeHead]:
    if source is None:
        return []
    if source == TOPIC:  # only here are the broker's settings needed
        from libs.config import get_settings

        return await heads_from_topic(get_settings())
    return heads_from_file(Path(source))


async def verify_over_api_cli(api_url: str, token: str, enterprise_id: str, keys: KeyRing, source: str | None,
                              entries: int) -> bool:
    """Print what the service's answers say of the enterprise's trail; True if it only grew."""
    from rich.console import Console

    console = Console()
    if warning := token_exposed(api_url):
        Console(stderr=True).print(f"[yellow]警告[/yellow]: {warning}")
    try:
        published = await published_heads(source)
    except HeadsUnreadable as unreadable:
        console.print(f"[red]无法读取已发布的树头[/red]: {unreadable}")
        return False
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=api_url.rstrip("/"), headers=headers, timeout=TIMEOUT_S) as client:
        try:
            check = await check_over_api(AuditApi(client, enterprise_id), enterprise_id, published, keys, entries)
        except (ApiRefused, HeadsUnreadable) as refused:
            console.print(f"[red]无法完成核查[/red]: {refused}")
            return False
    console.print(f"企业 {enterprise_id}: 依据已发布的签名树头 {check.published} 个"
                  f" ({source or '未提供: 无法发现回滚'}), 审计服务 {api_url} 现有树头 {len(check.served)} 个,"
                  f" 公钥 {len(keys.keys)} 个")
    if check.findings:
        console.print(f"[red]企业 {enterprise_id}: 审计记录与已发布的树头不符[/red]")
        for finding in check.findings:
            console.print(f"  - {finding.reason}")
        return False
    if not check.served:
        console.print(f"[yellow]企业 {enterprise_id}: 审计服务尚无签名树头, 无可核查的内容[/yellow]")
        return False
    latest = max(check.served, key=lambda h: h.tree_size)
    sampled = f", 抽查 {check.included} 条的包含证明均成立" if check.included else ""
    console.print(f"[green]企业 {enterprise_id}: 审计记录只增未改[/green] — 最新规模 {latest.tree_size}"
                  f" ({when(latest.timestamp)}), 一致性证明均成立{sampled}")
    if not check.included:
        console.print("[yellow]注意: 未能抽查任何条目的包含证明[/yellow]"
                      " (--entries 为 0, 或所列的条目均在最新签名树头之后): 条目本身未经核对")
    own = check.service_verification or {}
    if not own.get("ok"):
        console.print(f"[red]审计服务自身的校验未通过[/red]: {(own.get('broken') or {}).get('reason')}")
        return False
    console.print(f"审计服务自身的校验: 审计链完整, {own.get('entries')} 条, 已封存 {own.get('sealed')} 条")
    return True
