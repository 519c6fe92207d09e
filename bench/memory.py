"""Peak memory of processes while a load runs, sampled by a background thread (psutil).

A Python process is measured by its RSS, 5×/s. PostgreSQL is a tree of processes that share its
buffers, so summing their RSS would count the shared memory once per backend: it is measured
as the sum of PSS (each shared page divided among the processes that map it) over the tree,
once a second (and once more at the end of the load).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import psutil

from bench.report import MemoryPeak

_MIB = 1024 * 1024
_TREE_EVERY = 5  # samples: a process tree's PSS once a second


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
        tick = 0
        while not self._stop.is_set():
            for w in self.watched:
                # PSS makes the kernel walk every page table of every backend: on two cores,
                # sampling the database's tree 5×/s cost the load it measures ~10 % of a core.
                if not w.tree or tick % _TREE_EVERY == 0:
                    w.sample()
            tick += 1
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
