"""The deployment files describe every service there is: docker-compose.yml, Prometheus,
deploy/k8s, the Dockerfile, the Grafana dashboard. Pure file checks, no Docker, no network.

The services are the composition root's catalog (shuangkong/catalog.py: every
`services/<name>/app.py` with its SPEC, and the gateway); adding one without its compose,
Prometheus and Kubernetes entries fails here, and so does an entry left for a service that is gone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from libs.config import Settings
from shuangkong.catalog import GATEWAY, catalog

ROOT = Path(__file__).resolve().parents[2]
SERVICES = catalog().deployables  # every service, then the gateway
BACKENDS = catalog().names


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
    ours = {name for name, spec in compose["services"].items() if "build" in spec}
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
