"""The `eventsourcing` 9.5.6 baseline for the append measurement: its PostgreSQL application
recorder, through its public API, as an `Application` with `PERSISTENCE_MODULE=eventsourcing.postgres`
would use it.

`PostgresApplicationRecorder.insert_events` is what `Application.save()` ends in, without the
aggregate and mapper work in front of it, so it is the library's cheapest path to the same
result as our `append`: one event, one stream, optimistic version check (its primary key on
(originator_id, originator_version)), a global order (its `notification_id`, which it keeps
gap-free by taking `LOCK TABLE … IN EXCLUSIVE MODE` in every writing transaction). It is
synchronous (psycopg 3), so each writer is a thread with a connection of its own pool.
"""

from __future__ import annotations

import json
import threading
import time
import uuid

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore

from bench.timing import Throughput
from bench.workload import EVENT_TYPE, event_data, event_metadata


def _state(writer: int, version: int) -> bytes:
    """The same two JSON objects our store keeps in `data` and `metadata`, in one bytea."""
    return json.dumps({"data": event_data(writer, version), "metadata": event_metadata(writer)},
                      ensure_ascii=False, separators=(",", ":")).encode()


def measure_library(*, host: str, port: int, user: str, password: str, dbname: str, schema: str, writers: int,
                    seconds: float) -> Throughput:
    """`writers` threads, each inserting one event at a time into its own aggregate's sequence
    for `seconds`; the schema must exist and be empty."""
    datastore = PostgresDatastore(dbname, host, port, user, password, pool_size=writers, schema=schema)
    try:
        recorder = PostgresApplicationRecorder(datastore, events_table_name="stored_events")
        recorder.create_table()
        originators = [uuid.uuid4() for _ in range(writers)]
        counts = [0] * writers
        latencies: list[list[float]] = [[] for _ in range(writers)]
        ready = threading.Barrier(writers + 1)
        start = threading.Event()
        deadline = [0.0]

        def insert(writer: int, version: int) -> None:
            recorder.insert_events([StoredEvent(originator_id=originators[writer], originator_version=version,
                                                topic=EVENT_TYPE, state=_state(writer, version))])

        def writer(w: int) -> None:
            insert(w, 1)  # untimed: the connection is open and the statement prepared
            version = 2
            ready.wait()
            start.wait()
            while time.perf_counter() < deadline[0]:
                t = time.perf_counter()
                insert(w, version)
                latencies[w].append((time.perf_counter() - t) * 1000)
                version += 1
                counts[w] += 1

        threads = [threading.Thread(target=writer, args=(w,), name=f"es-writer-{w}") for w in range(writers)]
        for t in threads:
            t.start()
        ready.wait()
        started = time.perf_counter()
        deadline[0] = started + seconds
        start.set()
        for t in threads:
            t.join()
        return Throughput(sum(counts), time.perf_counter() - started, [x for per in latencies for x in per])
    finally:
        datastore.close()
