# One image for every Shuangkong service. The service is chosen at run time by SK_SERVICE
# (docker-compose.yml and deploy/k8s set it); `--build-arg SERVICE=<name>` bakes a default in.
#
#   docker build -t shuangkong .
#   docker run -e SK_SERVICE=risk_registry -e SK_DATABASE_URL=... -e SK_KAFKA_BOOTSTRAP=... shuangkong
#   docker run ... shuangkong rebuild audit      # any other `shuangkong` subcommand
FROM python:3.11-slim

ARG SERVICE=""
ENV SK_SERVICE=${SERVICE} \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, from the lock alone, so code changes do not reinstall them.
COPY requirements.lock ./
RUN pip install -r requirements.lock

# Only what the package needs: no .venv, .run, tests or .git in the image (and no .env, which
# pydantic-settings would otherwise read from the working directory).
COPY pyproject.toml ./
COPY libs ./libs
COPY services ./services
COPY shuangkong ./shuangkong
RUN pip install --no-deps -e . \
    && find libs services shuangkong -name __pycache__ -prune -exec rm -rf {} + \
    && python -m compileall -q libs services shuangkong

# Numeric uid so that Kubernetes' runAsNonRoot can verify it; the code stays root-owned (read-only).
RUN useradd --create-home --uid 10001 --user-group shuangkong \
    && install -d -o 10001 -g 10001 -m 0750 /var/lib/shuangkong/blobs  # a new volume there takes this owner
USER 10001:10001

# The API on 8000; /metrics on SK_METRICS_PORT (set by compose and Kubernetes), on every
# interface of the container so that Prometheus in another one reaches it.
ENV SK_METRICS_HOST=0.0.0.0
EXPOSE 8000

# Liveness only: readiness (/readyz) is checked by compose and Kubernetes, which know the
# dependencies. urllib raises on any non-2xx, so the exit code is the verdict.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

# No arguments: serve $SK_SERVICE. With arguments: run that `shuangkong` subcommand instead
# (token, rebuild, audit-verify). `exec` makes Python PID 1, so SIGTERM reaches uvicorn.
ENTRYPOINT ["/bin/sh", "-c", "if [ $# -gt 0 ]; then exec shuangkong \"$@\"; fi; exec shuangkong serve \"${SK_SERVICE:?set SK_SERVICE to the service to run}\" --host 0.0.0.0 --port 8000", "shuangkong"]
# The base image's CMD ["python3"] must not become an argument of the entrypoint.
CMD []
