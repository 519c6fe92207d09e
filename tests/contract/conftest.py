"""The whole system (tests/whole_system.py) for the contract runs that need it."""

from tests.whole_system import system  # noqa: F401 - a fixture, found by pytest here
