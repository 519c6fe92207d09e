"""Where root's embedded PostgreSQL keeps a run directory's cluster (libs/runtime/cluster_home.py):
stable per data directory, following a moved checkout, never shared by a copy; a kept (make run)
cluster is removed only by `discard` of its own data directory, a throwaway (test, bench) one also
by a later start once nothing leads to it and its server is dead. Runs the real layout code of a
start (`_settle`) on plain directories and symlinks; no server is started."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from libs.runtime import cluster_home


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setattr(cluster_home, "SERVER_HOME", tmp_path / "server-home")
    return tmp_path / "server-home"


def settle(link: Path, throwaway: bool = False) -> tuple[Path, str]:
    """What a start does to the layout (before initdb): the data directory and the notice."""
    link.parent.mkdir(parents=True, exist_ok=True)
    return cluster_home._settle(link, throwaway)


def start(link: Path, throwaway: bool = False) -> Path:
    """The same; returns the cluster."""
    return settle(link, throwaway)[0].parent


def store(cluster: Path) -> Path:
    """Pretend the cluster holds data (as initdb leaves it)."""
    (cluster / "data" / "PG_VERSION").write_text("18\n")
    return cluster


def run_dir(checkout: Path) -> Path:
    return checkout / ".run" / "pg"


def test_the_same_data_directory_finds_the_same_cluster(home, tmp_path):
    link = run_dir(tmp_path / "clone")
    first = cluster_home._cluster_for(link)
    assert first.parent == home / "clusters"
    assert start(link) == first == cluster_home._cluster_for(link) == start(link)
    assert cluster_home._cluster_for(run_dir(tmp_path / "other")) != first


def test_a_moved_checkout_finds_its_data_even_after_starts_elsewhere(home, tmp_path):
    """`mv /root/a /root/b`: the link moves with the checkout and still leads to the cluster,
    which no start in between (another checkout's, a test session's) removes."""
    cluster = store(start(run_dir(tmp_path / "a")))
    (tmp_path / "a").rename(tmp_path / "b")
    start(run_dir(tmp_path / "elsewhere"))
    start(run_dir(tmp_path / "session"), throwaway=True)
    assert start(run_dir(tmp_path / "b")) == cluster
    assert (cluster / "data" / "PG_VERSION").exists()
    assert (cluster / cluster_home._OWNER).read_text() == str(run_dir(tmp_path / "b"))


def test_a_checkout_whose_link_alone_was_removed_finds_its_cluster(home, tmp_path):
    """`git clean -fdx` removes .run: the same path in the same directory takes its cluster back."""
    cluster = store(start(run_dir(tmp_path / "a")))
    shutil.rmtree(tmp_path / "a" / ".run")
    assert start(run_dir(tmp_path / "a")) == cluster


def test_a_new_clone_where_a_checkout_moved_away_does_not_take_its_data(home, tmp_path):
    cluster = store(start(run_dir(tmp_path / "a")))
    (tmp_path / "a").rename(tmp_path / "b")
    (tmp_path / "a").mkdir()  # a new clone at the old path, before b is started again
    fresh = start(run_dir(tmp_path / "a"))
    assert fresh != cluster and not (fresh / "data" / "PG_VERSION").exists()
    assert start(run_dir(tmp_path / "b")) == cluster, "the moved checkout keeps its data"
    assert start(run_dir(tmp_path / "a")) == fresh


def test_a_copied_run_directory_gets_a_cluster_of_its_own(home, tmp_path):
    cluster = start(run_dir(tmp_path / "a"))
    shutil.copytree(tmp_path / "a", tmp_path / "copy", symlinks=True)
    copy = run_dir(tmp_path / "copy")
    assert copy.is_symlink()
    data, notice = settle(copy, throwaway=False)
    assert data.parent != cluster
    assert os.readlink(copy) == str(data), "the copy's link to the original's cluster is dropped"
    assert f"a copy of {run_dir(tmp_path / 'a')}'s link" in notice


def test_a_kept_cluster_whose_link_is_gone_survives_every_later_start(home, tmp_path):
    """A deleted checkout, a checkout on a volume not mounted yet, one moved and not started:
    a start elsewhere cannot tell them apart, so it never removes a kept cluster."""
    deleted = store(start(run_dir(tmp_path / "deleted")))
    unmounted = store(start(run_dir(tmp_path / "volume" / "clone")))
    shutil.rmtree(tmp_path / "deleted")
    (tmp_path / "volume").rename(tmp_path / "volume-unmounted")
    for n in range(2):
        start(run_dir(tmp_path / f"other-{n}"))
        start(run_dir(tmp_path / f"session-{n}"), throwaway=True)
    assert (deleted / "data" / "PG_VERSION").exists() and (unmounted / "data" / "PG_VERSION").exists()


def test_a_dead_throwaway_cluster_nothing_leads_to_is_pruned(home, tmp_path):
    gone = start(run_dir(tmp_path / "finished-session"), throwaway=True)
    relinked = start(run_dir(tmp_path / "relinked"), throwaway=True)
    kept = start(run_dir(tmp_path / "kept"))
    shutil.rmtree(tmp_path / "finished-session")
    run_dir(tmp_path / "relinked").unlink()
    run_dir(tmp_path / "relinked").symlink_to(kept / "data")
    (gone / "data" / "postmaster.pid").write_text("999999999\n")  # a server long dead
    start(run_dir(tmp_path / "next-session"), throwaway=True)
    assert not gone.exists() and not relinked.exists()
    assert kept.exists()


def test_a_throwaway_cluster_is_kept_while_its_server_lives_or_its_link_leads_to_it(home, tmp_path):
    live = start(run_dir(tmp_path / "live"), throwaway=True)
    (live / "data" / "postmaster.pid").write_text(f"{os.getpid()}\n")  # a live process
    shutil.rmtree(tmp_path / "live")
    stopped = start(run_dir(tmp_path / "between-restarts"), throwaway=True)  # dead, link in place
    starting = home / "clusters" / "starting"  # created, not yet linked: no owner file yet
    (starting / "data").mkdir(parents=True)
    (starting / cluster_home._THROWAWAY).touch()
    start(run_dir(tmp_path / "next-session"), throwaway=True)
    assert live.exists() and stopped.exists() and starting.exists()


def test_a_cluster_is_throwaway_only_if_made_so(home, tmp_path):
    kept = start(run_dir(tmp_path / "kept"))
    assert start(run_dir(tmp_path / "kept"), throwaway=True) == kept
    assert not (kept / cluster_home._THROWAWAY).exists(), "a start never turns kept data into throwaway"
    assert (start(run_dir(tmp_path / "session"), throwaway=True) / cluster_home._THROWAWAY).exists()


def test_a_link_to_a_cluster_that_is_not_there_is_refused_not_replaced_by_an_empty_one(home, tmp_path):
    link = run_dir(tmp_path / "a")
    cluster = store(start(link))
    cluster.rename(tmp_path / "on-a-volume-not-mounted")
    with pytest.raises(RuntimeError, match="not there") as refused:
        start(link)
    assert f"rm {link}" in str(refused.value)
    assert not cluster.exists() and link.is_symlink()


def test_a_new_empty_cluster_names_the_kept_clusters_nothing_leads_to(home, tmp_path):
    moved = store(start(run_dir(tmp_path / "a")))
    shutil.rmtree(tmp_path / "a" / ".run")
    (tmp_path / "a").rename(tmp_path / "b")  # moved without its link
    throwaway = start(run_dir(tmp_path / "session"), throwaway=True)
    (throwaway / "data" / "postmaster.pid").write_text(f"{os.getpid()}\n")
    shutil.rmtree(tmp_path / "session")
    data, notice = settle(run_dir(tmp_path / "b"), throwaway=False)
    assert data.parent != moved
    assert cluster_home.unclaimed_clusters() == [moved]
    assert notice.startswith(f"A new, empty database in {data}")
    assert f"{moved / 'data'}  (was {run_dir(tmp_path / 'a')}" in notice
    assert f"ln -s <that data directory> {run_dir(tmp_path / 'b')}" in notice
    assert str(throwaway) not in notice
    assert settle(run_dir(tmp_path / "b"), throwaway=False)[1] == "", "only when it is made"
    assert settle(run_dir(tmp_path / "t"), throwaway=True)[1] == "", "not for a throwaway one"


def test_discard_removes_the_cluster_behind_the_link(home, tmp_path):
    link = run_dir(tmp_path / "run")
    cluster = start(link)
    cluster_home.discard(link)
    assert not cluster.exists() and not link.exists()
    plain = tmp_path / "plain" / "pg"
    plain.mkdir(parents=True)
    cluster_home.discard(plain)
    assert not plain.exists()


def test_discard_of_a_copy_leaves_the_original_its_cluster(home, tmp_path):
    cluster = start(run_dir(tmp_path / "a"))
    shutil.copytree(tmp_path / "a", tmp_path / "copy", symlinks=True)
    cluster_home.discard(run_dir(tmp_path / "copy"))
    assert cluster.exists() and not run_dir(tmp_path / "copy").exists()
