"""What a measurement returns, how it is judged against its target, shown and saved."""

from __future__ import annotations

import json
import os
import platform
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

RESULTS_DIR = Path(__file__).parent / "results"


@dataclass(frozen=True)
class Target:
    """`ratio >= x`, `value >= x` or `value <= x`."""

    of: str  # "ratio" or "value"
    at_least: float | None = None
    at_most: float | None = None
    text: str = ""

    def met(self, value: float | None, ratio: float | None) -> bool | None:
        measured = ratio if self.of == "ratio" else value
        if measured is None:  # nothing measured: the target was not met
            return False
        if self.at_least is not None and measured < self.at_least:
            return False
        return not (self.at_most is not None and measured > self.at_most)


@dataclass
class Row:
    measurement: str
    case: str
    value: float | None
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    target: Target | None = None
    ratio: float | None = field(init=False)
    met: bool | None = field(init=False)

    def __post_init__(self) -> None:
        self.ratio = (self.value / self.baseline if self.value is not None and self.baseline else None)
        self.met = self.target.met(self.value, self.ratio) if self.target else None


@dataclass
class MemoryPeak:
    process: str
    phase: str
    peak_mib: float
    how: str  # "rss" or "pss" (summed over a process tree)


@dataclass
class Measured:
    rows: list[Row] = field(default_factory=list)
    memory: list[MemoryPeak] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)


def percentile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (q in 0..100)."""
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.2f}"
    return f"{text} {unit}".strip()


def results_table(rows: list[Row]) -> Table:
    table = Table(title="Shuangkong bench", show_lines=False)
    for column in ("measurement", "case", "value", "baseline", "ratio", "target", "result"):
        table.add_column(column, justify="right" if column in ("value", "baseline", "ratio") else "left")
    for row in rows:
        baseline = f"{_number(row.baseline, row.unit)} ({row.baseline_name})" if row.baseline else "—"
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "—"
        result = {True: "[green]met[/green]", False: "[red]missed[/red]", None: ""}[row.met]
        table.add_row(row.measurement, row.case, _number(row.value, row.unit), baseline, ratio,
                      row.target.text if row.target else "", result)
    return table


def memory_table(peaks: list[MemoryPeak]) -> Table:
    table = Table(title="Peak memory per process")
    for column in ("process", "during", "peak MiB", "measured as"):
        table.add_column(column, justify="right" if column == "peak MiB" else "left")
    for peak in peaks:
        table.add_row(peak.process, peak.phase, f"{peak.peak_mib:,.0f}", peak.how)
    return table


def machine() -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
            "processor": platform.processor() or platform.machine()}


def save(started_at: datetime, quick: bool, measured: dict[str, Measured], seconds: float) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{started_at.strftime('%Y%m%dT%H%M%SZ')}.json"
    document = {
        "started_at": started_at.isoformat(),
        "seconds": round(seconds, 1),
        "quick": quick,
        "machine": machine(),
        "measurements": {name: asdict(m) for name, m in measured.items()},
    }
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n")
    return path


def show(console: Console, measured: dict[str, Measured]) -> None:
    console.print(results_table([row for m in measured.values() for row in m.rows]))
    peaks = [peak for m in measured.values() for peak in m.memory]
    if peaks:
        console.print(memory_table(peaks))
