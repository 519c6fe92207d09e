"""A background task is stopped even when a cancellation is lost inside it (Python 3.11's
`wait_for` drops one when its inner call completes in the same turn), and nothing in the code
stops a task by a single `cancel()`."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path

from libs.tasks import stop

ROOT = Path(__file__).resolve().parents[3]
# Cancelled and never awaited on purpose: a read-ahead whose result nobody wants any more.
NOT_STOPPED_ON_PURPOSE = {("libs/relay.py", "_drop_read_ahead")}


async def test_a_task_that_loses_a_cancellation_is_stopped_all_the_same():
    lost = []

    async def loop_that_swallows_the_first_cancel() -> None:
        while True:
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:
                if lost:
                    raise
                lost.append(True)  # as wait_for does when its inner call finished that turn

    task = asyncio.create_task(loop_that_swallows_the_first_cancel())
    await asyncio.sleep(0)
    await stop(task)
    assert task.cancelled() and lost == [True]


async def test_a_task_that_had_failed_is_stopped_without_raising(caplog):
    async def fails() -> None:
        raise RuntimeError("broker away")

    task = asyncio.create_task(fails(), name="failing")
    await asyncio.sleep(0)
    await stop(task)
    assert "failing" in caplog.text


def test_no_code_stops_a_task_with_a_single_cancel():
    single = []
    for path in [*ROOT.glob("libs/**/*.py"), *ROOT.glob("services/**/*.py"), *ROOT.glob("shuangkong/**/*.py")]:
        relative = path.relative_to(ROOT).as_posix()
        if relative == "libs/tasks.py":
            continue
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for call in ast.walk(function):
                if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "cancel"
                        and not call.args and (relative, function.name) not in NOT_STOPPED_ON_PURPOSE):
                    single.append(f"{relative}:{call.lineno} in {function.name}")
    assert not single, f"stop a task with libs.tasks.stop, not one cancel(): {single}"
