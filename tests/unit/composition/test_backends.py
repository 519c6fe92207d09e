"""The integration tests' backend is chosen from the environment in one place (tests/backends.py)."""

from __future__ import annotations

import pytest

from tests.backends import Choice, choose

DOCKER_HERE = lambda: ""  # noqa: E731
NO_DOCKER = lambda: "no Docker engine reachable (DockerException)"  # noqa: E731


def never_asked() -> str:
    raise AssertionError("Docker is asked about only when containers would be used")


def test_the_embedded_runtime_is_the_default():
    assert choose({}, never_asked) == Choice("embedded", "embedded")
    assert choose({"SK_TEST_BACKEND": ""}, never_asked) == Choice("embedded", "embedded")


def test_external_servers_each_replace_their_own_part():
    url, bootstrap = "postgresql://u@db:5432/postgres", "kafka:9092"
    assert choose({"SK_TEST_DATABASE_URL": url}, never_asked) == Choice("external", "embedded", url, "")
    assert choose({"SK_TEST_KAFKA_BOOTSTRAP": bootstrap}, never_asked) == Choice("embedded", "external", "", bootstrap)
    both = {"SK_TEST_DATABASE_URL": url, "SK_TEST_KAFKA_BOOTSTRAP": bootstrap, "SK_TEST_BACKEND": "containers"}
    assert choose(both, never_asked) == Choice("external", "external", url, bootstrap), "nothing left to contain"


def test_containers_where_a_docker_engine_answers():
    assert choose({"SK_TEST_BACKEND": "containers"}, DOCKER_HERE) == Choice("containers", "containers")
    mixed = choose({"SK_TEST_BACKEND": "containers", "SK_TEST_KAFKA_BOOTSTRAP": "kafka:9092"}, DOCKER_HERE)
    assert (mixed.database, mixed.broker, mixed.unavailable) == ("containers", "external", "")


def test_without_docker_the_containers_backend_says_so_in_one_line_and_is_not_used():
    choice = choose({"SK_TEST_BACKEND": "containers"}, NO_DOCKER)
    assert choice.unavailable == ("SK_TEST_BACKEND=containers: no Docker engine reachable (DockerException); "
                                  "the containers backend is not used")
    assert "\n" not in choice.unavailable


def test_an_unknown_backend_is_refused_by_name():
    with pytest.raises(ValueError, match="SK_TEST_BACKEND='docker': one of embedded, containers"):
        choose({"SK_TEST_BACKEND": "docker"}, never_asked)


def test_no_docker_engine_here_is_reported_not_raised():
    from tests.backends import docker_unreachable

    assert isinstance(docker_unreachable(), str)  # "" on a machine with Docker, the reason elsewhere
