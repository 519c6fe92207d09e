"""Concurrent writers for a fixed time, and what they achieved."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bench.report import percentile


@dataclass
class Throughput:
    events: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list, repr=False)

    @property
    def per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0

    def summary(self) -> dict:
        return {"events": self.events, "seconds": round(self.seconds, 3), "events_per_second": round(self.per_second),
                "append_p50_ms": _round(percentile(self.latencies_ms, 50)),
                "append_p99_ms": _round(percentile(self.latencies_ms, 99))}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


AppendOne = Callable[[int, int], Awaitable[int]]  # (writer, version) -> new version


async def run_writers(writers: int, seconds: float, append_one: AppendOne) -> Throughput:
    """Each writer appends one event at a time to its own stream until `seconds` have passed.
    One untimed append per writer first (connections open, statements prepared); then all start
    together, and the time runs until the last in-flight append returned."""
    versions = list(await asyncio.gather(*(append_one(w, 0) for w in range(writers))))
    latencies: list[float] = []
    started = time.perf_counter()
    deadline = started + seconds

    async def writer(w: int) -> int:
        done = 0
        while time.perf_counter() < deadline:
            t = time.perf_counter()
            versions[w] = await append_one(w, versions[w])
            latencies.append((time.perf_counter() - t) * 1000)
            done += 1
        return done

    counts = await asyncio.gather(*(writer(w) for w in range(writers)))
    return Throughput(sum(counts), time.perf_counter() - started, latencies)
