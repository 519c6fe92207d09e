"""`python -m tests.watchpost --port N [--reactor-only]`: the watchpost as a real process, for
the fault tests (`--reactor-only` leaves out the replica, so a fault hits the reactor)."""

import argparse
import dataclasses

from libs.http_server import serve
from libs.service import build_app
from tests.watchpost.app import SPEC

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--reactor-only", action="store_true")
args = parser.parse_args()
spec = dataclasses.replace(SPEC, projections=lambda _settings: []) if args.reactor_only else SPEC
serve(build_app(spec), "127.0.0.1", args.port)
