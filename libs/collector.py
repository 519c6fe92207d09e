"""Keep Python's cyclic garbage collector out of latency- and throughput-critical stretches.

Reference counting frees almost everything these processes allocate; the cyclic collector
only finds cycles, yet a full pass walks every live object — modules, routes, models, all
of SQLAlchemy and Alembic once imported. Objects alive before the stretch are frozen (moved
out of every generation), so passes stay short; callers that allocate heavily (a replay)
also make young passes rarer.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_depth = 0  # blocks open now: `gc.unfreeze()` thaws everything, so only the outermost may call it


@contextmanager
def quiet_collector(young_threshold: int | None = None) -> Iterator[None]:
    """Freeze what is alive now for the duration of the block; with `young_threshold`, collect
    the youngest generation only after that many more allocations than deallocations. Blocks
    nest (a rebuild inside a running service): the outermost one thaws."""
    global _depth
    thresholds = gc.get_threshold()
    gc.collect()
    gc.freeze()
    _depth += 1
    if young_threshold is not None:
        gc.set_threshold(young_threshold, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        _depth -= 1
        if _depth == 0:
            gc.unfreeze()
