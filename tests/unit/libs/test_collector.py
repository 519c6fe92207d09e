"""`quiet_collector` keeps what was alive out of collections, and nested blocks do not thaw the
outer one's objects early."""

from __future__ import annotations

import gc

from libs.collector import quiet_collector


def test_objects_alive_before_the_block_are_frozen_during_it_and_thawed_after():
    with quiet_collector():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_an_inner_block_leaves_the_outer_blocks_objects_frozen():
    with quiet_collector():
        with quiet_collector(young_threshold=50_000):
            assert gc.get_threshold()[0] == 50_000
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] != 50_000
    assert gc.get_freeze_count() == 0
