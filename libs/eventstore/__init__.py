"""The event store port and its backends (PostgreSQL, in-memory for unit tests)."""

from libs.eventstore.memory import InMemoryEventStore
from libs.eventstore.port import START, ConcurrencyError, EventStore, NonFiniteNumber
from libs.eventstore.postgres import PostgresEventStore

__all__ = ["START", "ConcurrencyError", "EventStore", "InMemoryEventStore", "NonFiniteNumber", "PostgresEventStore"]
