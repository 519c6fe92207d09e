"""The deployment files describe every service there is: docker-compose.yml, Prometheus,
deploy/k8s, the Dockerfile, the Grafana dashboard. Pure file checks, no Docker, no network.

The services are the composition root's catalog (shuangkong/catalog.py: every
`services/<name>/app.py` with its SPEC, and the gateway); adding one without its compose,
Prometheus and Kubernetes entries fails here, and so does an entry left for a service that is gone.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from libs import roles as roles_module
from libs.config import Settings
from libs.roles import DatabaseRoles
from shuangkong.catalog import GATEWAY, catalog

ROOT = Path(__file__).resolve().parents[2]
SERVICES = catalog().deployables  # every service, then the gateway
BACKENDS = catalog().names
ONE_SHOTS = ("db-roles", "migrate")  # compose's steps before the services (least privilege, below)


def k8s_name(service: str) -> str:
    return service.replace("_", "-")  # DNS-1123 names have no underscore


def env_of(spec: dict) -> dict[str, str]:
    """Compose `environment` as a dict, whether written as a mapping or a KEY=VALUE list."""
    env = spec.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {k: "" if v is None else str(v) for k, v in env.items()}


def routes(value: str) -> dict[str, str]:
    pairs = (p.split("=", 1) for p in value.split(",") if "=" in p)
    return {name.strip(): url.strip() for name, url in pairs}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def k8s() -> list[dict]:
    docs = []
    for path in sorted((ROOT / "deploy" / "k8s").glob("*.yaml")):
        docs += [d for d in yaml.safe_load_all(path.read_text()) if d]
    return docs


def test_there_are_services():
    assert "risk_registry" in BACKENDS and SERVICES[-1] == GATEWAY


def test_the_catalog_is_every_service_folder():
    """A folder with an app.py is a service: the catalog misses none (nor invents one)."""
    assert sorted(SERVICES) == sorted(p.parent.name for p in (ROOT / "services").glob("*/app.py"))


def test_compose_and_kubernetes_run_no_service_that_is_gone(compose, k8s):
    ours = {name for name, spec in compose["services"].items() if "build" in spec and name not in ONE_SHOTS}
    assert ours == set(SERVICES), f"compose builds {ours ^ set(SERVICES)} unlike the catalog"
    deployed = {d["metadata"]["name"] for d in k8s if d["kind"] == "Deployment"
                and d["spec"]["template"]["spec"]["containers"][0]["image"].startswith("shuangkong")}
    assert deployed == {k8s_name(s) for s in SERVICES}, deployed
    config = yaml.safe_load((ROOT / "deploy" / "prometheus" / "prometheus.yml").read_text())
    scraped = {t.split(":")[0] for job in config["scrape_configs"] if job["job_name"] == "shuangkong"
               for sc in job["static_configs"] for t in sc["targets"]}
    assert scraped == set(SERVICES), scraped


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_is_in_compose_with_a_healthcheck(compose, service):
    spec = compose["services"].get(service)
    assert spec is not None, f"docker-compose.yml has no service {service!r}"
    test = spec.get("healthcheck", {}).get("test")
    assert test, f"{service}: no healthcheck"
    assert "/readyz" in " ".join(test if isinstance(test, list) else [test])
    assert env_of(spec).get("SK_SERVICE") == service, f"{service}: SK_SERVICE must name the service"
    assert "build" in spec, f"{service}: must be built from the repository's Dockerfile"


@pytest.mark.parametrize("service", BACKENDS)
def test_backends_have_database_and_kafka(compose, service):
    env = env_of(compose["services"][service])
    assert env.get("SK_DATABASE_URL", "").startswith("postgresql://")
    assert env.get("SK_KAFKA_BOOTSTRAP")
    # Real Kafka needs a session timeout in its allowed range (the Tansu defaults are below it).
    assert int(env.get("SK_KAFKA_SESSION_TIMEOUT_MS", "0")) >= 6000
    depends = compose["services"][service].get("depends_on", {})
    for dependency in ("postgres", "kafka"):
        assert depends.get(dependency, {}).get("condition") == "service_healthy", (service, dependency)


def test_gateway_routes_to_every_other_service(compose):
    spec = compose["services"]["gateway"]
    table = routes(env_of(spec).get("SK_GATEWAY_ROUTES", ""))
    assert set(BACKENDS) <= set(table), f"gateway routes miss {set(BACKENDS) - set(table)}"
    for name, url in table.items():
        assert name in compose["services"] and url == f"http://{name}:8000", url
    assert any(str(p).endswith(":8000") for p in spec.get("ports", [])), "gateway must publish port 8000"
    for name in table:
        assert spec["depends_on"][name]["condition"] == "service_healthy", name


def test_kafka_is_apache_kafka_in_kraft_mode(compose):
    kafka = compose["services"]["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    env = env_of(kafka)
    assert "controller" in env.get("KAFKA_PROCESS_ROLES", "")
    assert "broker" in env.get("KAFKA_PROCESS_ROLES", "")
    assert env.get("KAFKA_CONTROLLER_QUORUM_VOTERS")
    assert kafka.get("healthcheck", {}).get("test"), "kafka needs a healthcheck for depends_on"


def test_postgres_and_observability_stack(compose):
    services = compose["services"]
    assert services["postgres"]["image"].startswith("postgres:16")
    assert "pg_isready" in services["postgres"]["healthcheck"]["test"]
    assert services["otel-collector"]["image"].startswith("otel/opentelemetry-collector-contrib")
    assert services["prometheus"]["image"].startswith("prom/prometheus")
    assert services["grafana"]["image"].startswith("grafana/grafana")
    mounted = " ".join(services["otel-collector"]["volumes"] + services["prometheus"]["volumes"]
                       + services["grafana"]["volumes"])
    for path in ("deploy/otel/collector.yaml", "deploy/prometheus/prometheus.yml",
                 "deploy/grafana/provisioning", "deploy/grafana/dashboards"):
        assert path in mounted and (ROOT / path).exists(), path


def k8s_container(k8s: list[dict], service: str) -> tuple[dict, dict]:
    """The pod template and the first container of a service's Deployment."""
    deployment = next(d for d in k8s if d["kind"] == "Deployment" and d["metadata"]["name"] == k8s_name(service))
    pod = deployment["spec"]["template"]
    return pod, pod["spec"]["containers"][0]


def k8s_env(k8s: list[dict], container: dict) -> dict[str, str]:
    """A container's environment: its ConfigMaps (envFrom) under its own `env`."""
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        name = source.get("configMapRef", {}).get("name")
        env |= next((d.get("data", {}) for d in k8s if d["kind"] == "ConfigMap" and d["metadata"]["name"] == name), {})
    return env | {e["name"]: e["value"] for e in container.get("env", []) if "value" in e}


def test_the_metrics_settings_are_the_ones_the_code_reads():
    assert {"metrics_port", "metrics_host"} <= set(Settings.model_fields)
    text = (ROOT / "Dockerfile").read_text()
    assert "ENV SK_METRICS_HOST=0.0.0.0" in text, "in a container, Prometheus comes from another one"


@pytest.mark.parametrize("service", SERVICES)
def test_prometheus_scrapes_each_service_on_its_metrics_port_never_the_api_port(compose, k8s, service):
    """Every service, the gateway included, serves /metrics on SK_METRICS_PORT only (its port
    8000 serves the API, which the gateway makes public): Prometheus, compose and Kubernetes
    agree on that port, and nothing publishes it."""
    config = yaml.safe_load((ROOT / "deploy" / "prometheus" / "prometheus.yml").read_text())
    targets = {t for job in config["scrape_configs"] for sc in job.get("static_configs", [])
               for t in sc["targets"]}
    spec = compose["services"][service]
    port = env_of(spec).get("SK_METRICS_PORT", "0")
    assert port not in ("0", "8000"), f"{service}: SK_METRICS_PORT must be a port of its own"
    assert f"{service}:{port}" in targets and f"{service}:8000" not in targets, service
    assert not any(str(p).split(":")[-1] == port for p in spec.get("ports", [])), f"{service}: metrics published"
    if service != "gateway":
        assert not spec.get("ports"), f"{service} must not be published"
    pod, container = k8s_container(k8s, service)
    assert k8s_env(k8s, container).get("SK_METRICS_PORT") == port, service
    assert pod["metadata"]["annotations"]["prometheus.io/port"] == port, service
    assert {"name": "metrics", "containerPort": int(port)} in container["ports"], service


def test_collector_pipelines_use_declared_components():
    config = yaml.safe_load((ROOT / "deploy" / "otel" / "collector.yaml").read_text())
    assert config["receivers"]["otlp"]["protocols"]["http"]["endpoint"].endswith(":4318")
    declared = {kind: set(config.get(kind, {})) for kind in ("receivers", "processors", "exporters", "connectors")}
    for name, pipeline in config["service"]["pipelines"].items():
        for kind in ("receivers", "processors", "exporters"):
            for component in pipeline.get(kind, []):
                assert component in declared[kind] | declared["connectors"], (name, kind, component)


def test_grafana_dashboard_parses_and_shows_the_metrics():
    dashboard = json.loads((ROOT / "deploy" / "grafana" / "dashboards" / "shuangkong.json").read_text())
    exprs = " ".join(t["expr"] for p in dashboard["panels"] for t in p.get("targets", []))
    for metric in ("sk_command_seconds_bucket", "sk_events_appended_total", "sk_relay_lag_events",
                   "sk_consumer_lag_messages", "sk_consumer_dead_lettered_total",
                   "sk_projection_staleness_seconds"):
        assert metric in exprs, metric
    datasource = yaml.safe_load(
        (ROOT / "deploy" / "grafana" / "provisioning" / "datasources" / "prometheus.yml").read_text())
    uids = {d["uid"] for d in datasource["datasources"]}
    assert {p["datasource"]["uid"] for p in dashboard["panels"]} <= uids


def test_kustomization_lists_existing_files():
    kustomization = yaml.safe_load((ROOT / "deploy" / "k8s" / "kustomization.yaml").read_text())
    for resource in kustomization["resources"]:
        assert (ROOT / "deploy" / "k8s" / resource).is_file(), resource


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_has_a_deployment_and_a_service(k8s, service):
    deployments = [d for d in k8s if d["kind"] == "Deployment" and d["metadata"]["name"] == k8s_name(service)]
    assert deployments, f"deploy/k8s has no Deployment {k8s_name(service)!r}"
    container = deployments[0]["spec"]["template"]["spec"]["containers"][0]
    env = {e["name"]: e.get("value") for e in container.get("env", [])}
    assert env.get("SK_SERVICE") == service
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    # The gateway's /readyz waits for every service; Kubernetes must not pull it for one.
    assert container["readinessProbe"]["httpGet"]["path"] == ("/healthz" if service == "gateway" else "/readyz")
    assert container["resources"]["requests"]["cpu"] and container["resources"]["requests"]["memory"]
    assert any(d["kind"] == "Service" and d["metadata"]["name"] == k8s_name(service) for d in k8s)


def test_k8s_gateway_routes_to_every_other_service(k8s):
    gateway = next(d for d in k8s if d["kind"] == "Deployment" and d["metadata"]["name"] == "gateway")
    env = {e["name"]: e.get("value") for e in gateway["spec"]["template"]["spec"]["containers"][0]["env"]}
    table = routes(env["SK_GATEWAY_ROUTES"])
    assert set(BACKENDS) <= set(table), f"gateway routes miss {set(BACKENDS) - set(table)}"
    for name, url in table.items():
        assert url == f"http://{k8s_name(name)}:8000", url
    ingress = next(d for d in k8s if d["kind"] == "Ingress")
    backends = {p["backend"]["service"]["name"] for r in ingress["spec"]["rules"] for p in r["http"]["paths"]}
    assert backends == {"gateway"}


def test_dockerfile_runs_one_service_as_non_root():
    text = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11-slim" in text
    assert "pip install -r requirements.lock" in text and "pip install --no-deps -e ." in text
    assert "ARG SERVICE" in text and "SK_SERVICE" in text
    assert "HEALTHCHECK" in text and "/healthz" in text
    user = [line.split()[1] for line in text.splitlines() if line.startswith("USER ")]
    assert user and not user[-1].startswith(("0", "root")), "the image must not run as root"


# Least privilege (docs/decisions.md §32): the superuser makes the roles, the owner migrates, and
# each backend connects as its own role sk_<service> and holds no other role's password.

ROLES = DatabaseRoles(tuple(BACKENDS))
_VARIABLE = re.compile(r"\$\{(\w+)(?::?([-?])([^}]*))?\}")


def password_variable(role: str) -> str:
    return f"DB_PASSWORD_{role.upper()}"


def interpolated(value: str, env: dict[str, str]) -> str:
    """`value` as compose interpolates it from `env` (`${V}`, `${V:-default}`, `${V:?error}`, `$$`)."""
    def one(match: re.Match) -> str:
        name, kind, rest = match.groups()
        if env.get(name):
            return env[name]
        assert kind != "?", f"${{{name}}} is required and not set: {rest}"
        return rest if kind == "-" else ""
    return "$".join(_VARIABLE.sub(one, part) for part in value.split("$$"))


# What an operator's .env holds: each role's password distinct, so a URL shows whose it carries.
DOT_ENV = {"SK_JWT_KEY": "k" * 64} | {password_variable(role): f"pw-{role}" for role in ROLES.all}


def url_of(value: str) -> tuple[str | None, str | None]:
    parts = urlsplit(interpolated(value, DOT_ENV))
    assert parts.scheme == "postgresql" and parts.hostname == "postgres", value
    return parts.username, parts.password


def test_compose_makes_the_roles_as_the_superuser_once_postgres_is_up(compose):
    roles = compose["services"]["db-roles"]
    assert roles["image"].startswith("postgres:16") and roles.get("restart") == "no"
    assert "./deploy/postgres/create-roles.sh:/create-roles.sh:ro" in roles["volumes"]
    assert "/create-roles.sh" in " ".join(roles["command"])
    assert roles["depends_on"]["postgres"]["condition"] == "service_healthy"
    env = env_of(roles)
    assert interpolated(env["PGUSER"], DOT_ENV) == compose["services"]["postgres"]["environment"]["POSTGRES_USER"]
    # Every role's password from .env, none made up (nobody would know it): the script's own list
    # (checked against the catalog below) is what it creates.
    assert {k for k in env if k.startswith("DB_PASSWORD_")} == {password_variable(r) for r in ROLES.all}
    for role in ROLES.all:
        assert interpolated(env[password_variable(role)], DOT_ENV) == f"pw-{role}"


def test_compose_migrates_as_the_owner_after_the_roles(compose):
    migrate = compose["services"]["migrate"]
    assert migrate["image"] == compose["services"][BACKENDS[0]]["image"], "the services' own image"
    assert migrate["command"] == ["migrate"] and migrate.get("restart") == "no"
    assert migrate["depends_on"]["db-roles"]["condition"] == "service_completed_successfully"
    env = env_of(migrate)
    assert url_of(env["SK_MIGRATION_DATABASE_URL"]) == (ROLES.owner, f"pw-{ROLES.owner}")
    assert "SK_DATABASE_URL" not in env and "SK_JWT_KEY" not in env, "migrate needs the owner's URL only"


@pytest.mark.parametrize("service", BACKENDS)
def test_compose_backend_connects_as_its_own_role_after_the_migration(compose, service):
    spec = compose["services"][service]
    env = env_of(spec)
    assert url_of(env["SK_DATABASE_URL"]) == (ROLES.of(service), f"pw-{ROLES.of(service)}"), service
    assert "SK_MIGRATION_DATABASE_URL" not in env, f"{service} must not hold the owner's URL"
    others = {password_variable(r) for r in ROLES.all} - {password_variable(ROLES.of(service))}
    held = {name for value in env.values() for name, *_ in _VARIABLE.findall(value)}
    assert not held & (others | {"POSTGRES_PASSWORD"}), f"{service} holds another role's password: {held & others}"
    assert spec["depends_on"]["migrate"]["condition"] == "service_completed_successfully", service


def test_compose_gateway_holds_no_database_credentials(compose):
    env = env_of(compose["services"]["gateway"])
    assert not {"SK_DATABASE_URL", "SK_MIGRATION_DATABASE_URL"} & set(env)
    assert not any("DB_PASSWORD_" in value or "POSTGRES_PASSWORD" in value for value in env.values())


def test_create_roles_makes_a_role_for_every_catalog_service():
    text = (ROOT / "deploy" / "postgres" / "create-roles.sh").read_text()
    listed = re.search(r'^SERVICES="\$\{SK_SERVICES:-([^}]*)\}"', text, re.M)[1].split()
    assert listed == BACKENDS, f"create-roles.sh SERVICES: {listed}, the catalog: {BACKENDS}"


def test_the_password_recipes_name_every_role():
    """The one-liners that make the passwords (compose's header and deploy/README.md, the
    Kubernetes secret template)."""
    template = (ROOT / "deploy" / "k8s" / "secret.template.yaml").read_text()
    for text in ((ROOT / "docker-compose.yml").read_text(), (ROOT / "deploy" / "README.md").read_text(), template):
        loop = re.search(r"for role in ([\w ]+); do", text)[1].split()
        assert loop == ROLES.all, loop
    services = re.search(r"for s in ([\w ]+); do", template)[1].split()
    assert services == BACKENDS, services


def k8s_templates() -> dict[str, dict]:
    """The Secrets of secret.template.yaml (not applied: created by the operator), by name."""
    docs = yaml.safe_load_all((ROOT / "deploy" / "k8s" / "secret.template.yaml").read_text())
    return {d["metadata"]["name"]: d for d in docs if d and d["kind"] == "Secret"}


def secrets_read(container: dict) -> dict[str, set[str]]:
    """Secret name → the keys a container reads of it (`*`: all of them, envFrom)."""
    read: dict[str, set[str]] = {}
    for source in container.get("envFrom", []):
        if "secretRef" in source:
            read.setdefault(source["secretRef"]["name"], set()).add("*")
    for e in container.get("env", []):
        ref = e.get("valueFrom", {}).get("secretKeyRef")
        if ref:
            read.setdefault(ref["name"], set()).add(ref["key"])
    return read


def workloads(k8s: list[dict]) -> list[tuple[str, dict]]:
    """(name, container) of every Deployment and Job, init containers too."""
    pods = [(d["metadata"]["name"], d["spec"]["template"]["spec"]) for d in k8s if d["kind"] in ("Deployment", "Job")]
    return [(name, c) for name, pod in pods for c in pod.get("initContainers", []) + pod["containers"]]


def template_user(secret: dict, key: str) -> str | None:
    return urlsplit(secret["stringData"][key]).username


@pytest.mark.parametrize("service", SERVICES)
def test_k8s_deployment_reads_only_its_own_role(k8s, service):
    secrets = k8s_templates()
    _pod, container = k8s_container(k8s, service)
    read = secrets_read(container)
    # Set empty, never from a Secret: a Secret kept from before the roles may still hold it.
    owner = [e for e in container.get("env", []) if e["name"] == "SK_MIGRATION_DATABASE_URL"]
    assert owner == [{"name": "SK_MIGRATION_DATABASE_URL", "value": ""}], f"{service}: {owner}"
    whole = [name for name, keys in read.items() if "*" in keys]
    assert not whole, f"{service} reads the whole Secret {whole}: name the keys it needs"
    for name, keys in read.items():
        assert name in secrets, f"{service} reads the Secret {name!r}, which secret.template.yaml lacks"
        held = set(secrets[name]["stringData"]) if "*" in keys else keys
        assert "SK_MIGRATION_DATABASE_URL" not in held, f"{service} is given the owner's URL ({name})"
        for key in held & {"SK_DATABASE_URL"}:
            assert template_user(secrets[name], key) == ROLES.of(service), (service, name)
    urls = [e for e in container.get("env", []) if e["name"] == "SK_DATABASE_URL"]
    if service == GATEWAY:
        assert not urls and not any("SK_DATABASE_URL" in secrets[n]["stringData"] for n in read)
        return
    assert urls == [{"name": "SK_DATABASE_URL", "valueFrom": {"secretKeyRef": {
        "name": f"shuangkong-db-{k8s_name(service)}", "key": "SK_DATABASE_URL"}}}], service


def test_k8s_migrate_job_is_the_only_one_with_the_owner_url(k8s):
    kustomization = yaml.safe_load((ROOT / "deploy" / "k8s" / "kustomization.yaml").read_text())
    job = next((d for d in k8s if d["kind"] == "Job" and d["metadata"]["name"] == "migrate"), None)
    assert job is not None and "migrate-job.yaml" in kustomization["resources"], "no migrate Job applied"
    container = job["spec"]["template"]["spec"]["containers"][0]
    assert container["image"] == "shuangkong" and container["args"] == ["migrate"]
    assert secrets_read(container) == {"shuangkong-db-owner": {"SK_MIGRATION_DATABASE_URL"}}
    owner = k8s_templates()["shuangkong-db-owner"]
    assert template_user(owner, "SK_MIGRATION_DATABASE_URL") == ROLES.owner
    holders = {name for name, c in workloads(k8s) if "shuangkong-db-owner" in secrets_read(c)}
    assert holders == {"migrate"}, holders
    for name, secret in k8s_templates().items():  # the owner's URL is in its own Secret only
        if name != "shuangkong-db-owner":
            assert "SK_MIGRATION_DATABASE_URL" not in secret["stringData"], name
            assert all(urlsplit(v).username != ROLES.owner for v in secret["stringData"].values()), name


def test_k8s_has_a_database_secret_per_service_role():
    secrets = k8s_templates()
    for service in BACKENDS:
        secret = secrets.get(f"shuangkong-db-{k8s_name(service)}")
        assert secret is not None, f"secret.template.yaml has no shuangkong-db-{k8s_name(service)}"
        assert set(secret["stringData"]) == {"SK_DATABASE_URL"}
        assert template_user(secret, "SK_DATABASE_URL") == ROLES.of(service)


def test_k8s_roles_job_runs_create_roles_from_a_configmap(k8s):
    text = (ROOT / "deploy" / "k8s" / "roles-job.yaml").read_text()
    job = yaml.safe_load(text)
    assert job["kind"] == "Job" and job["spec"]["template"]["spec"]["restartPolicy"] in ("Never", "OnFailure")
    kustomization = yaml.safe_load((ROOT / "deploy" / "k8s" / "kustomization.yaml").read_text())
    assert "roles-job.yaml" not in kustomization["resources"], "the superuser's Job is run by hand, once"
    pod = job["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in pod["volumes"]}
    container = pod["containers"][0]
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    configmap = volumes[mounts["/scripts"]]["configMap"]["name"]
    assert f"create configmap {configmap} --from-file=deploy/postgres/create-roles.sh" in text
    assert "/scripts/create-roles.sh" in " ".join(container["command"] + container["args"])
    assert container["image"].startswith("postgres:")
    assert set(secrets_read(container)) == {"shuangkong-db-superuser"}
    assert "shuangkong-db-superuser" in k8s_templates()


def test_create_roles_adopts_with_the_runtime_query():
    """What an earlier version made as the superuser becomes the owner's: the script's query is
    libs/roles.py's (the embedded runtime's), with psql's variable for the owner."""
    text = (ROOT / "deploy" / "postgres" / "create-roles.sh").read_text()
    expected = roles_module._NOT_OWNED.strip().replace("$1::text::regrole", ":'owner'::regrole")
    assert f"FROM (\n{expected}\n) AS not_owned \\gexec" in text


def test_the_audit_signing_key_reaches_the_audit_service_alone(compose, k8s):
    """Outside dev mode the audit service does not start without its key (services/audit/signing.py):
    compose and Kubernetes mount it where SK_AUDIT_SIGNING_KEY_FILE says, into that service only."""
    from services.audit.signing import AuditSettings

    assert "signing_key_file" in AuditSettings.model_fields
    audit = compose["services"]["audit"]
    [secret] = audit["secrets"]
    assert env_of(audit)["SK_AUDIT_SIGNING_KEY_FILE"] == f"/run/secrets/{secret}"
    assert "file" in compose["secrets"][secret]
    assert [name for name, spec in compose["services"].items() if spec.get("secrets")] == ["audit"]
    pod, container = k8s_container(k8s, "audit")
    path = k8s_env(k8s, container)["SK_AUDIT_SIGNING_KEY_FILE"]
    mount = next(m for m in container["volumeMounts"] if path.startswith(m["mountPath"] + "/"))
    volume = next(v for v in pod["spec"]["volumes"] if v["name"] == mount["name"])
    name = volume["secret"]["secretName"]
    assert path.rsplit("/", 1)[1] in k8s_templates()[name]["stringData"]
    assert volume["secret"]["defaultMode"] & 0o007 == 0, "the key is no one else's"
    for other in SERVICES:
        if other != "audit":
            other_pod, _ = k8s_container(k8s, other)
            assert all(v.get("secret", {}).get("secretName") != name for v in other_pod["spec"].get("volumes", []))


def test_the_secrets_the_recipes_write_stay_out_of_git_and_of_the_image():
    """The recipes put the audit key and every role's password in secrets/ and .env beside the
    checkout: one `git add -A` or `docker build .` must not take them along."""
    paths = ["secrets/audit-signing.key", "secrets/sk_owner.password", ".env"]
    ignored = subprocess.run(["git", "check-ignore", *paths], cwd=ROOT, capture_output=True, text=True)
    assert sorted(ignored.stdout.split()) == sorted(paths), ignored.stdout + ignored.stderr
    docker = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    assert {".env", "secrets/"} <= docker
