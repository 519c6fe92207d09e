"""`python -m tests.watchpost --port N`: the watchpost as a real process (the fault tests)."""

import argparse

from libs.http_server import serve
from tests.watchpost.app import create_app

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
serve(create_app(), "127.0.0.1", parser.parse_args().port)
