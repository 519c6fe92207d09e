"""`make run`: the whole system on one machine, kept alive until Ctrl-C.

Starts the embedded PostgreSQL (unless SK_DATABASE_URL) and the Tansu broker (unless
SK_KAFKA_BOOTSTRAP), every service and the gateway as child processes that die with the
supervisor (even after `kill -9`), waits until the gateway is ready, prints where things are.
A child that dies is restarted. A broker that dies comes back empty (memory storage), so the
supervisor starts a new one and restarts the services: relays re-publish from their stores,
consumers re-read and their inboxes drop what they already applied.

PostgreSQL (docs/decisions.md §32): the supervisor makes the installation's roles (libs/roles.py)
and the database, owned by the owner, runs the plan's `migrate` once as the owner, then
starts each service with its own role's URL: no owner credentials in a service's environment,
none at all in the gateway's. Against an external PostgreSQL (SK_DATABASE_URL) it migrates with
SK_MIGRATION_DATABASE_URL, else with that one URL, and every service gets SK_DATABASE_URL.

SIGINT, SIGTERM and SIGHUP stop everything, however the supervisor was launched (a shell's
background job starts it with SIGINT ignored). Each child has a process group of its own, so a
signal to the supervisor's group does not kill the children behind its back, and nothing is
restarted once stopping began.

What to run comes from the caller (the composition root, `shuangkong run`): a `Plan` naming
each service with its ports, the command that serves one, and the page the banner opens.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg

from libs.auth import Role, issue_token
from libs.config import Settings
from libs.roles import DatabaseRoles, adopt, prepare_database
from libs.runtime import process
from libs.runtime.broker import EmbeddedBroker
from libs.runtime.postgres import EmbeddedPostgres

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
DATABASE = "shuangkong"


def say(message: str) -> None:
    print(f"[shuangkong] {message}", flush=True)


async def _prepare_database(pg: EmbeddedPostgres, name: str, roles: DatabaseRoles) -> int:
    """As the superuser: the database, the owner's, and everything in it the owner's too (what an
    earlier version made as the superuser). Returns how many objects changed hands."""
    conn = await asyncpg.connect(pg.url)
    try:
        await prepare_database(conn, name, roles)
    finally:
        await conn.close()
    conn = await asyncpg.connect(pg.url_for(name))
    try:
        return await adopt(conn, roles.owner)
    finally:
        await conn.close()


@dataclass(frozen=True)
class Placed:
    """One process of the plan: its name, its API port and its metrics port."""

    name: str
    port: int
    metrics_port: int


@dataclass(frozen=True)
class Plan:
    """What `make run` starts: `services` (each served by `serve NAME --port PORT`), then the
    gateway routing `/<name>/…` to them. `welcome` is what the banner shows first: a listing of
    enterprises and a page of the first (`{id}`), both paths through the gateway. `migrate`
    migrates every service's schemas given the owner's URL, before any starts (in this process,
    which has read every service's spec already: no second start-up to pay for)."""

    serve: list[str]
    services: list[Placed]
    gateway: Placed
    welcome: tuple[str, str] | None = None
    migrate: Callable[[str], Coroutine[Any, Any, None]] | None = None


@dataclass
class Child:
    name: str
    args: list[str]
    env: dict[str, str]
    log: Path
    port: int
    metrics_port: int
    uses_broker: bool = True
    proc: subprocess.Popen | None = None
    restarts: list[float] = field(default_factory=list)

    def start(self) -> None:
        self.proc = process.spawn(self.args, log_path=str(self.log), env=self.env)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def returncode(self) -> int | None:
        return None if self.proc is None else self.proc.returncode

    def terminate(self) -> None:
        if self.proc is not None:
            self.proc.send_signal(signal.SIGTERM)


class Supervisor:
    def __init__(self, settings: Settings, plan: Plan) -> None:
        self.settings = settings
        self.plan = plan
        self.run_dir = Path(settings.run_dir).resolve()
        self.logs = self.run_dir / "logs"
        self.pg: EmbeddedPostgres | None = None
        self.broker: EmbeddedBroker | None = None
        self.roles = DatabaseRoles(tuple(s.name for s in plan.services), settings.database_role_prefix)
        self.children: list[Child] = []
        self.stopping = False
        self.stop_signal: int | None = None

    def on_signal(self, signum: int, _frame) -> None:
        """Only flags (no output, no exception: either could strike mid-way through a print or
        a child's start); every wait and every restart checks them."""
        self.stop_signal = self.stop_signal or signum
        self.stopping = True

    # -- infrastructure ------------------------------------------------------------------
    def start_infrastructure(self) -> tuple[str, str, dict[str, str]]:
        """The owner's URL, the broker, and each service's URL."""
        import asyncio

        owner_url = self.settings.owner_database_url()
        urls = {s.name: self.settings.database_url for s in self.plan.services}
        if not self.settings.database_url:
            self.pg = EmbeddedPostgres(self.run_dir / "pg", self.settings.embedded_pg_port,
                                       throwaway=self.settings.embedded_pg_throwaway, roles=self.roles)
            if process.port_open(self.pg.port):
                raise SystemExit(f"port {self.pg.port} is taken: set SK_EMBEDDED_PG_PORT")
            self.pg.start(log_path=str(self.logs / "postgres.log"))
            if self.stopping:
                return "", "", {}
            adopted = asyncio.run(_prepare_database(self.pg, DATABASE, self.roles))
            owner_url = self.pg.url_for(DATABASE, self.roles.owner)
            urls = {name: self.pg.url_for(DATABASE, self.roles.of(name)) for name in urls}
            where = self.pg.data_dir if self.pg.server_dir == self.pg.data_dir else \
                f"{self.pg.server_dir} (linked from {self.pg.data_dir})"
            say(f"PostgreSQL (embedded) on 127.0.0.1:{self.pg.port}, data in {where}; passwords (SCRAM) "
                f"in {self.pg.secrets.directory}")
            if adopted:
                say(f"{adopted} objects made by an earlier version handed to {self.roles.owner}")
            if self.pg.notice:
                say(self.pg.notice)
        bootstrap = self.settings.kafka_bootstrap
        if not bootstrap and not self.stopping:
            self.broker = EmbeddedBroker(self.settings.embedded_kafka_port)
            if process.port_open(self.broker.port):
                raise SystemExit(f"port {self.broker.port} is taken: set SK_EMBEDDED_KAFKA_PORT")
            self.broker.start(log_path=str(self.logs / "broker.log"))
            bootstrap = self.broker.bootstrap
            say(f"Kafka-protocol broker (Tansu, embedded) on {bootstrap}")
        return owner_url, bootstrap, urls

    def migrate(self, owner_url: str) -> bool:
        """The plan's migrations, as the owner, before any service starts: False when they failed
        (said why) or a stop came meanwhile."""
        import asyncio

        if self.plan.migrate is None or self.stopping:
            return not self.stopping
        started = time.monotonic()
        try:
            asyncio.run(self.plan.migrate(owner_url))
        except Exception as exc:  # noqa: BLE001 - whatever it is, the operator reads it here
            say(f"migrations failed: {type(exc).__name__}: {exc}")
            return False
        role = self.roles.owner if self.pg else "the owner (SK_MIGRATION_DATABASE_URL, else SK_DATABASE_URL)"
        say(f"schemas migrated as {role} in {time.monotonic() - started:.1f}s")
        return not self.stopping

    # -- services ------------------------------------------------------------------------
    def plan_children(self, database_urls: str | Mapping[str, str], bootstrap: str) -> None:
        """Each service on its API port and, beside it, a metrics port of its own: its API port
        serves no /metrics. The gateway routes to them all and does not use the broker.
        `database_urls`: each service's (its own role), or one for all."""
        env = {"SK_LOAD_DEMO_PLANT": "true", **os.environ,
               "SK_KAFKA_BOOTSTRAP": bootstrap, "SK_METRICS_HOST": "127.0.0.1"}
        for owners in ("SK_MIGRATION_DATABASE_URL", "SK_DATABASE_URL"):  # the owner's stay with the supervisor
            env.pop(owners, None)
        serve = self.plan.serve
        for s in self.plan.services:
            url = database_urls if isinstance(database_urls, str) else database_urls[s.name]
            self.children.append(Child(s.name, [*serve, s.name, "--port", str(s.port)],
                                       {**env, "SK_DATABASE_URL": url, "SK_METRICS_PORT": str(s.metrics_port)},
                                       self.logs / f"{s.name}.log", s.port, s.metrics_port))
        routes = ",".join(f"{s.name}=http://127.0.0.1:{s.port}" for s in self.plan.services)
        g = self.plan.gateway
        self.children.append(Child(g.name, [*serve, g.name, "--port", str(g.port)],
                                   {**env, "SK_GATEWAY_ROUTES": routes, "SK_METRICS_PORT": str(g.metrics_port)},
                                   self.logs / f"{g.name}.log", g.port, g.metrics_port, uses_broker=False))
        taken = [p for c in self.children for p in (c.port, c.metrics_port) if process.port_open(p)]
        if taken:
            raise SystemExit(f"port {taken[0]} is taken: set SK_GATEWAY_PORT, SK_SERVICE_BASE_PORT "
                             "or SK_METRICS_BASE_PORT")
        for child in self.children:
            say(f"{child.name} on 127.0.0.1:{child.port}, metrics on 127.0.0.1:{child.metrics_port}/metrics")

    def wait_ready(self, timeout: float = 120.0) -> bool:
        url = f"http://127.0.0.1:{self.settings.gateway_port}/readyz"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not self.stopping:
            try:
                with urllib.request.urlopen(url, timeout=1) as r:
                    if r.status == 200:
                        return True
            except OSError:
                pass
            for child in self.children:
                if not child.alive():
                    say(f"{child.name} exited during start-up; see {child.log}")
                    _show_tail(child.log)
                    return False
            time.sleep(0.1)
        return False

    def restart_services(self, reason: str) -> None:
        """Restart what talks to the broker; the gateway stays up and answers 503 meanwhile."""
        say(f"{reason}: restarting services")
        affected = [c for c in self.children if c.uses_broker]
        for child in affected:
            process.stop(child.proc)
        for child in affected:
            child.start()

    def start_children(self) -> None:
        for child in self.children:
            if self.stopping:
                return
            child.start()

    def watch(self) -> None:
        while not self.stopping:
            time.sleep(0.5)
            if self.stopping:
                return
            if self.pg and self.pg.proc and self.pg.proc.poll() is not None and not self.stopping:
                say("PostgreSQL exited: starting it again")
                self.pg.start(log_path=str(self.logs / "postgres.log"))
            if self.broker and self.broker.proc and self.broker.proc.poll() is not None and not self.stopping:
                self.broker.stop()
                self.broker.start(log_path=str(self.logs / "broker.log"))
                self.restart_services("broker restarted empty")
                continue
            for child in self.children:
                if not child.alive() and not self.stopping:
                    now = time.monotonic()
                    child.restarts = [t for t in child.restarts if now - t < 60] + [now]
                    if len(child.restarts) > 5:
                        say(f"{child.name} keeps failing; see {child.log}")
                        time.sleep(5)
                        if self.stopping:
                            return
                    say(f"{child.name} exited ({child.returncode}): restarting")
                    child.start()

    def stop(self) -> None:
        self.stopping = True
        for child in reversed(self.children):
            if child.alive():
                child.terminate()
        for child in reversed(self.children):
            process.stop(child.proc, timeout=10)
        if self.broker:
            self.broker.stop()
        if self.pg:
            self.pg.stop()


def _demo_banner(settings: Settings, port: int, dev_token: str, welcome: tuple[str, str] | None) -> str:
    """Name the first enterprise (the demo plant on a fresh start) with a token to explore it."""
    if welcome is None:
        return ""
    listing, page = welcome
    request = urllib.request.Request(f"http://127.0.0.1:{port}{listing}",
                                     headers={"Authorization": f"Bearer {dev_token}"})
    try:
        with urllib.request.urlopen(request, timeout=5) as r:
            items = json.loads(r.read())["items"]
    except (OSError, ValueError, KeyError):
        return ""
    if not items:
        return ""
    e = items[0]
    officer = issue_token(settings, person_id="dev-officer", enterprise_id=e["id"], roles=[Role.SAFETY_OFFICER])
    return (f"  Enterprise     {e['name']}  id {e['id']}\n"
            f"                http://127.0.0.1:{port}{page.format(id=e['id'])}\n"
            f"  Safety officer token for it:\n  {officer}\n\n")


def main(settings: Settings, plan: Plan) -> int:
    sup = Supervisor(settings, plan)
    sup.logs.mkdir(parents=True, exist_ok=True)

    # Set, not inherited: a background job of a shell gets SIGINT ignored, and a signal left at
    # its default would kill the supervisor without stopping PostgreSQL cleanly. An ignored
    # SIGHUP is kept: that is `nohup`, asked for on purpose.
    for signum in STOP_SIGNALS:
        if not (signum == signal.SIGHUP and signal.getsignal(signum) == signal.SIG_IGN):
            signal.signal(signum, sup.on_signal)
    started = time.monotonic()
    try:
        owner_url, bootstrap, database_urls = sup.start_infrastructure()
        if not sup.stopping and not sup.migrate(owner_url):
            return 0 if sup.stopping else 1
        if not sup.stopping:
            sup.plan_children(database_urls, bootstrap)
            sup.start_children()
        ready = not sup.stopping and sup.wait_ready()
        if sup.stopping:
            return 0
        if not ready:
            say(f"not ready; logs are in {sup.logs}")
            return 1
        port = settings.gateway_port
        dev_token = issue_token(settings, person_id="dev-operator", enterprise_id=None, roles=[Role.PLATFORM_ADMIN])
        say(f"ready in {time.monotonic() - started:.1f}s")
        demo = _demo_banner(settings, port, dev_token, plan.welcome)
        metrics = "  ".join(f"{c.name} :{c.metrics_port}" for c in sup.children)
        docs = "   ".join(f"http://127.0.0.1:{port}/{s.name}/docs" for s in plan.services)
        print(f"""
  Gateway        http://127.0.0.1:{port}            (GET /readyz, /services/readyz)
  API docs       {docs}
  Kafka          {bootstrap}   topics shuangkong.<service>.events.v1
  Metrics        {metrics}   (GET /metrics; not through the gateway)
  Logs           {sup.logs}

  Dev token (platform_admin, 12 h):
  {dev_token}

  Tokens for an enterprise:  .venv/bin/shuangkong token --enterprise <id> --role safety_officer
{demo}  Ctrl-C stops everything.
""", flush=True)
        sup.watch()
    finally:
        say(f"stopping ({signal.Signals(sup.stop_signal).name})" if sup.stop_signal else "stopping")
        sup.stop()
        say("stopped")
    return 0


def _show_tail(log: Path, lines: int = 15) -> None:
    """The last lines of a service that died: usually the reason, without opening the file."""
    try:
        tail = log.read_text(errors="replace").splitlines()[-lines:]
    except OSError:
        return
    for line in tail:
        say(f"  | {line}")
