"""`python -m bench [--quick] [--scale issue] [--only NAME]`: run the measurements, print the table, save JSON.

One embedded PostgreSQL and one Tansu broker serve every measurement of the run (started only
if a chosen measurement needs them); `make_run` starts its own, as `make run` does.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from rich.console import Console

from bench import append, audit_log, deadlines, end_to_end, make_run, occurrence_day, records, relay, replay, risk_lists
from bench.console import Step, progress_display
from bench.plan import Plan
from bench.report import Measured, Row, Target, save, show
from bench.runtime import BenchRuntime
from shuangkong.catalog import catalog

Measurement = Callable[[BenchRuntime | None, Plan, Step], Awaitable[Measured]]

MEASUREMENTS: dict[str, Measurement] = {
    "append": append.measure,
    "relay": relay.measure,
    "replay": replay.measure,
    "end_to_end": end_to_end.measure,
    "make_run": make_run.measure,
    "risk_lists": risk_lists.measure,
    "audit_log": audit_log.measure,
    "deadlines": deadlines.measure,
    "occurrence_day": occurrence_day.measure,
    "records": records.measure,
}
NEEDS_SHARED_RUNTIME = {"append", "relay", "replay", "end_to_end", "risk_lists", "audit_log", "deadlines", "records"}


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a ~1-minute smoke run with smaller loads")
    parser.add_argument("--only", choices=sorted(MEASUREMENTS), action="append",
                        help="run only this measurement (repeatable)")
    parser.add_argument("--scale", choices=["default", "issue"], default="default",
                        help="issue: inspection's measurements at issue 12's sizes (1M open occurrences)")
    return parser.parse_args(argv)


async def run(names: list[str], plan: Plan, console: Console) -> dict[str, Measured]:
    measured: dict[str, Measured] = {}
    runtime: BenchRuntime | None = None
    with progress_display(console) as progress:
        try:
            if NEEDS_SHARED_RUNTIME & set(names):
                console.log("starting the embedded PostgreSQL and Tansu broker")
                runtime = BenchRuntime().start()
            for name in names:
                step = Step(progress, name)
                try:
                    measured[name] = await MEASUREMENTS[name](runtime, plan, step)
                except Exception as exc:  # one failed measurement does not lose the others
                    console.print_exception()
                    step.finish(f"failed: {exc!r}"[:100])
                    failed = Row(name, f"failed: {type(exc).__name__} (see the console)", None, "",
                                 target=Target("value", text="completes"))
                    measured[name] = Measured(rows=[failed], details={"error": repr(exc)})
        finally:
            if runtime is not None:
                runtime.stop()
    return measured


def main(argv: list[str] | None = None) -> int:
    args = arguments(sys.argv[1:] if argv is None else argv)
    catalog()  # the composition root declares who publishes (libs/topology.py), as the CLI does
    plan = Plan.smoke() if args.quick else Plan.full()
    if args.scale == "issue":
        plan = plan.at_issue_scale()
    names = [n for n in MEASUREMENTS if not args.only or n in args.only]
    console = Console(width=None if sys.stdout.isatty() else 140)  # a log file gets the whole table
    started_at, started = datetime.now(UTC), time.monotonic()
    measured = asyncio.run(run(names, plan, console))
    show(console, measured)
    path = save(started_at, plan.quick, measured, time.monotonic() - started)
    console.print(f"results: {path} ({time.monotonic() - started:.0f} s)")
    return 1 if any("error" in m.details for m in measured.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
