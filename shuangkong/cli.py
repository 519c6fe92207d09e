"""`shuangkong` — the command line: run the system, serve one service, migrate the schemas,
mint dev tokens, rebuild projections, verify the audit trail, write the schemas.

It is the composition root's front door: every service it names comes from the catalog
(`shuangkong.catalog`), never from a list here."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import typer

from libs.config import get_settings
from shuangkong.catalog import GATEWAY, UnknownService, app_module, catalog

app = typer.Typer(add_completion=False, no_args_is_help=True, help="双控 Shuangkong command line")


def connected_settings():
    """Settings for a command run beside `make run`: the embedded runtime unless configured. There
    it connects as the owner, with the password `make run` keeps in `.run/secrets/`."""
    s = get_settings()
    owner = s.owner_database_url() or _embedded_owner_url(s)
    return s.model_copy(update={
        "database_url": s.database_url or owner,
        "migration_database_url": s.migration_database_url or owner,
        "kafka_bootstrap": s.kafka_bootstrap or f"127.0.0.1:{s.embedded_kafka_port}",
    })


def _embedded_owner_url(s) -> str:
    from pathlib import Path

    from libs.roles import DatabaseRoles
    from libs.runtime.postgres import kept_url
    from libs.runtime.supervisor import DATABASE

    owner = DatabaseRoles((), s.database_role_prefix).owner
    url = kept_url(Path(s.run_dir), s.embedded_pg_port, DATABASE, owner)
    if url is None:
        typer.echo(f"没有 {s.run_dir}/secrets/ 中 {owner} 的密码：先运行 `make run`，"
                   "或设置 SK_MIGRATION_DATABASE_URL / SK_DATABASE_URL", err=True)
        raise typer.Exit(2)
    return url


def spec_named(name: str):
    """A service's spec; the catalog is read first, so `libs` knows who publishes."""
    try:
        return catalog().specs[name]
    except KeyError:
        raise typer.BadParameter(f"unknown service {name!r}; services: {', '.join(catalog().names)}") from None


def app_for(name: str):
    if name == GATEWAY:  # routes to the others and needs none of them: no catalog to import
        return app_module(GATEWAY).create_app()
    spec_named(name)
    try:
        return app_module(name).create_app()
    except UnknownService as exc:
        raise typer.BadParameter(str(exc)) from exc


@app.command()
def serve(service: str, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run one service's HTTP API (and its relay and consumers), or the gateway."""
    from libs.http_server import serve as serve_http

    serve_http(app_for(service), host, port)


@app.command()
def migrate(service: str = typer.Argument(None, help="one service; every service when omitted")) -> None:
    """Migrate a service's schemas (or every service's) as the owner, and grant each service's role what it
    needs there: what a Kubernetes init container or job runs, with SK_MIGRATION_DATABASE_URL."""
    from libs.service import migrate_services

    settings = connected_settings()
    specs = [spec_named(service)] if service else list(catalog().specs.values())
    asyncio.run(migrate_services(specs, settings, settings.migration_database_url))
    typer.echo(f"migrated: {', '.join(s.name for s in specs)}")


@app.command()
def token(enterprise: str = typer.Option(None, help="enterprise (tenant) id"),
          role: list[str] = typer.Option(..., help="role; repeat for several"),
          person: str = typer.Option("dev-user", help="person (or service account) id"),
          jurisdiction: list[str] = typer.Option([], help="regulator, integrator: enterprise ids it reads"),
          scope: list[str] = typer.Option([], help="integrator: read scope, e.g. risk_registry:read; repeat"),
          minutes: int = typer.Option(None, help="lifetime; default and maximum: SK_ACCESS_TOKEN_MAX_TTL_S "
                                                 "(15 min), in dev mode SK_DEV_TOKEN_MAX_TTL_S (12 h)")) -> None:
    """Print an access token signed with the configured key (the dev key only in dev mode)."""
    from datetime import timedelta

    from libs.auth import Role, issue_token

    settings = get_settings()
    try:
        roles = [Role(r) for r in role]
    except ValueError as exc:
        raise typer.BadParameter(f"{exc}; roles: {', '.join(r.value for r in Role)}") from exc
    ttl = None if minutes is None else timedelta(minutes=minutes)
    try:
        typer.echo(issue_token(settings, person_id=person, enterprise_id=enterprise, roles=roles,
                               jurisdiction=jurisdiction, scopes=scope, ttl=ttl))
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc


@app.command()
def run() -> None:
    """Start the whole system on the embedded runtime (or SK_DATABASE_URL / SK_KAFKA_BOOTSTRAP)."""
    from libs.runtime.supervisor import main as supervise
    from shuangkong.run_plan import run_plan

    settings = get_settings()
    sys.exit(supervise(settings, run_plan(settings, catalog())))


@app.command()
def rebuild(service: str) -> None:
    """Rebuild every read model of a service from the log (Kafka-fed and inline), then swap them in."""
    from libs.inline_rebuild import RebuildRefused
    from libs.rebuild import rebuild_service

    spec = spec_named(service)
    try:
        results = asyncio.run(rebuild_service(spec, connected_settings()))
    except RebuildRefused as refused:
        typer.echo(str(refused), err=True)
        raise typer.Exit(1) from refused
    for result in results:
        typer.echo(json.dumps(result, ensure_ascii=False))


@app.command("audit-verify")
def audit_verify(enterprise: str = typer.Option(None, help="only this enterprise (required with --api)"),
                 against_heads: str = typer.Option(
                     None, "--against-heads", metavar="FILE|topic",
                     help="published signed tree heads: a JSON-lines file (the API's tree-heads export), "
                          "or `topic` to read the heads topic; checks that each trail only ever grew"),
                 public_key: list[Path] = typer.Option(
                     None, "--public-key", exists=True, dir_okay=False,
                     help="the log's Ed25519 public key (PEM or hex, from GET /audit/signing-keys); repeat it "
                          "for the keys it rotated out; default: the configured signing key and retired keys"),
                 api: str = typer.Option(
                     None, "--api", metavar="URL",
                     help="check over the audit service's HTTP API (e.g. http://host:8000/audit), without a "
                          "database: heads, consistency and inclusion proofs, verified with --public-key alone"),
                 token: str = typer.Option(None, "--token", envvar="SK_AUDIT_API_TOKEN",
                                           help="with --api: a bearer token that may read the enterprise's trail"),
                 entries: int = typer.Option(20, "--entries", min=0, max=500,
                                             help="with --api: how many recent entries to prove included "
                                                  "(at most 500, what the API lists at once)")) -> None:
    """Recompute the audit hash chains and Merkle logs and name the first fault; with --against-heads,
    check the trails against the heads they published; with --api, do it over the service's API."""
    from services.audit.domain.heads import load_public_key
    from services.audit.domain.keys import KeyRing

    try:
        given = KeyRing.checking(load_public_key(path.read_text()) for path in public_key) if public_key else None
    except ValueError as exc:
        typer.echo(f"--public-key: {exc}", err=True)
        raise typer.Exit(2) from exc
    if api is not None:
        ok = _audit_verify_over_api(api, token, enterprise, given, against_heads, entries)
        raise typer.Exit(0 if ok else 1)

    from services.audit.signing import configured_keys
    from services.audit.verify import verify_cli
    from services.audit.witness import verify_against_heads_cli

    settings = connected_settings()
    try:
        keys = given or configured_keys(settings)
    except ValueError as exc:
        typer.echo(f"the configured audit keys: {exc}", err=True)
        raise typer.Exit(2) from exc
    if against_heads is None:
        ok = asyncio.run(verify_cli(settings, enterprise, keys))
    elif keys is None:
        typer.echo("--against-heads needs the log's public key: --public-key FILE", err=True)
        raise typer.Exit(2)
    else:
        ok = asyncio.run(verify_against_heads_cli(settings, against_heads, keys, enterprise))
    raise typer.Exit(0 if ok else 1)


def _audit_verify_over_api(api: str, token: str | None, enterprise: str | None, keys, against_heads: str | None,
                           entries: int) -> bool:
    """A regulator's check: no database, so no connected settings; the keys must be given."""
    from services.audit.over_api_cli import verify_over_api_cli

    for missing, option in ((keys, "--public-key FILE"), (token, "--token T (or SK_AUDIT_API_TOKEN)"),
                            (enterprise, "--enterprise E")):
        if not missing:
            typer.echo(f"--api needs {option}", err=True)
            raise typer.Exit(2)
    return asyncio.run(verify_over_api_cli(api, token, enterprise, keys, against_heads, entries))


@app.command()
def schemas(check: bool = typer.Option(False, help="fail if schemas/ is stale instead of writing")) -> None:
    """Write the JSON Schema of every event type and the AsyncAPI document into schemas/."""
    from libs.schemas import write_schemas

    stale = write_schemas(catalog().registries(), check=check, statements=catalog().statements())
    if check and stale:
        typer.echo("stale: " + ", ".join(stale), err=True)
        raise typer.Exit(1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
