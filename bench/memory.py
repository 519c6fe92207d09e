"""Peak memory of processes while a load runs, sampled by a background thread (psutil).

A Python process is measured by its RSS. PostgreSQL is a tree of processes that share its
buffers, so summing their RSS would count the shared memory once per backend: it is measured
as the sum of PSS (each shared page divided among the processes that map it) over the tree.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import psutil

from bench.report import MemoryPeak

_MIB = 1024 * 1024


@dataclass
class Watched:
    name: str
    pid: int
    tree: bool = False  # sum PSS over the process and its descendants
    peak_bytes: int = 0

    def sample(self) -> None:
        try:
            root = psutil.Process(self.pid)
            if self.tree:
                used = 0
                for proc in [root, *root.children(recursive=True)]:
                    try:
                        used += proc.memory_full_info().pss
                    except (psutil.NoSuchProcess, psutil.AccessDenied):
                        pass
            else:
                used = root.memory_info().rss
        except psutil.NoSuchProcess:
            return
        self.peak_bytes = max(self.peak_bytes, used)


@dataclass
class PeakMemory:
    """`with PeakMemory("append load", {...}) as peaks: ...` then `peaks.results()`."""

    phase: str
    watched: list[Watched] = field(default_factory=list)
    every_s: float = 0.2

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="peak-memory", daemon=True)

    def watch(self, name: str, pid: int, tree: bool = False) -> PeakMemory:
        self.watched.append(Watched(name, pid, tree))
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            for w in self.watched:
                w.sample()
            self._stop.wait(self.every_s)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()
        for w in self.watched:
            w.sample()

    def results(self) -> list[MemoryPeak]:
        return [MemoryPeak(w.name, self.phase, round(w.peak_bytes / _MIB, 1), "pss, process tree" if w.tree else "rss")
                for w in self.watched]
