"""Where root's embedded PostgreSQL keeps a run directory's cluster (libs/runtime/postgres.py):
stable per data directory, following a moved run directory, never shared by a copy, removed once
its data directory is gone. Plain directories and symlinks; no server is started."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from libs.runtime import postgres


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setattr(postgres, "SERVER_HOME", tmp_path / "server-home")
    return tmp_path / "server-home"


def make_cluster(link: Path) -> Path:
    """What a start does to the layout, without initdb."""
    link.parent.mkdir(parents=True, exist_ok=True)
    cluster = postgres._cluster_for(link)
    (cluster / "data").mkdir(parents=True, exist_ok=True)
    if not link.is_symlink():
        link.symlink_to(cluster / "data")
    (cluster / postgres._OWNER).write_text(str(link))
    return cluster


def test_the_same_data_directory_finds_the_same_cluster(home, tmp_path):
    link = tmp_path / "clone" / ".run" / "pg"
    first = postgres._cluster_for(link)
    assert first.parent == home / "clusters"
    assert make_cluster(link) == first == postgres._cluster_for(link)
    assert postgres._cluster_for(tmp_path / "other" / ".run" / "pg") != first


def test_a_moved_run_directory_keeps_its_cluster(home, tmp_path):
    cluster = make_cluster(tmp_path / "a" / ".run" / "pg")
    (tmp_path / "a").rename(tmp_path / "b")
    assert postgres._cluster_for(tmp_path / "b" / ".run" / "pg") == cluster


def test_a_copied_run_directory_gets_a_cluster_of_its_own(home, tmp_path):
    cluster = make_cluster(tmp_path / "a" / ".run" / "pg")
    shutil.copytree(tmp_path / "a", tmp_path / "copy", symlinks=True)
    copy = tmp_path / "copy" / ".run" / "pg"
    assert copy.is_symlink()
    assert postgres._cluster_for(copy) != cluster
    assert not copy.is_symlink(), "the copy's link to the original's cluster is dropped"


def test_clusters_whose_data_directory_is_gone_are_pruned(home, tmp_path):
    kept = make_cluster(tmp_path / "kept" / ".run" / "pg")
    gone = make_cluster(tmp_path / "gone" / ".run" / "pg")
    relinked = make_cluster(tmp_path / "relinked" / ".run" / "pg")
    shutil.rmtree(tmp_path / "gone")
    (tmp_path / "relinked" / ".run" / "pg").unlink()
    (tmp_path / "relinked" / ".run" / "pg").symlink_to(kept / "data")
    starting = home / "clusters" / "starting"  # created, not yet linked: no owner file yet
    (starting / "data").mkdir(parents=True)
    postgres._prune_orphans()
    assert kept.exists() and starting.exists()
    assert not gone.exists() and not relinked.exists()


def test_discard_removes_the_cluster_behind_the_link(home, tmp_path):
    link = tmp_path / "run" / "pg"
    cluster = make_cluster(link)
    postgres.discard(link)
    assert not cluster.exists() and not link.exists()
    plain = tmp_path / "plain" / "pg"
    plain.mkdir(parents=True)
    postgres.discard(plain)
    assert not plain.exists()
