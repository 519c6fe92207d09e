"""Ports picked for a child to bind later lie below the kernel's ephemeral range, where no outgoing
connection's source port can take them in between (a `make run` under load once failed so)."""

from __future__ import annotations

import socket

from libs.runtime.process import ephemeral_range, free_block, free_port


def test_picked_ports_are_free_and_never_ones_an_outgoing_connection_could_take():
    low, _high = ephemeral_range()
    picked = [free_port() for _ in range(200)]
    assert all(1024 < p < low for p in picked), [p for p in picked if p >= low]
    assert len(set(picked)) > 150, "drawn at random, not one port again and again"
    with socket.socket() as s:
        s.bind(("127.0.0.1", picked[-1]))


def test_a_port_in_use_is_not_picked():
    with socket.socket() as held:
        held.bind(("127.0.0.1", free_port()))
        held.listen()
        taken = held.getsockname()[1]
        assert taken not in {free_port() for _ in range(300)}


def test_a_block_is_free_port_by_port(monkeypatch):
    from libs.runtime import process

    with socket.socket() as held:
        held.bind(("127.0.0.1", free_port()))
        taken = held.getsockname()[1]
        draws = iter([taken - 2])  # a base whose block holds the taken port, drawn first
        monkeypatch.setattr(process, "free_port", lambda: next(draws, None) or free_port())
        base = free_block(5)
        assert base != taken - 2 and not base <= taken < base + 5
        for port in range(base, base + 5):
            with socket.socket() as s:
                s.bind(("127.0.0.1", port))
