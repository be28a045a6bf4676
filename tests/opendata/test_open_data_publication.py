"""Regeneration keeps public files current and whole: withdrawals, atomic swap, lock, leftovers."""

import datetime as dt
import hashlib
import os
import threading
from pathlib import Path

import pytest

from opendata import publication
from opendata.publication import publish_open_data, read_manifest, write_open_data

from .factories_helpers import NAMES, _all_text, answer_identity, draft, published

pytestmark = pytest.mark.usefixtures("forget_renditions")


@pytest.mark.django_db
def test_unpublished_person_disappears_from_every_file(
    native, settings, django_capture_on_commit_callbacks
):
    publish_open_data()
    target = publication.public_directory()
    assert "Rita Lista Cuatro" in _all_text(target)
    assert "RITA LISTA CUATRO" in _all_text(target)
    with django_capture_on_commit_callbacks(execute=True):
        native["listed"].unpublish()
    text = _all_text(target)
    assert "Rita Lista Cuatro" not in text and "RITA LISTA CUATRO" not in text
    assert f"persona-{native['listed'].pk}" not in text
    assert {e["rows"] for e in read_manifest()["files"]} == {4}


@pytest.mark.django_db
def test_drafts_never_appear(native, tree, offices, tmp_path):
    _page, actors = tree
    secret = draft(actors["PAN"], offices["gubernatura"], title="Dalia Borrador Ocho")
    answer_identity(secret, publication=True)
    write_open_data(tmp_path)
    text = _all_text(tmp_path)
    assert "Dalia Borrador Ocho" not in text and "DALIA BORRADOR OCHO" not in text


@pytest.mark.django_db
def test_a_new_publication_changes_checksums_and_dates(
    native, tree, offices, settings, django_capture_on_commit_callbacks
):
    before = publish_open_data()
    _page, actors = tree
    with django_capture_on_commit_callbacks(execute=True):
        published(actors["PRI"], offices["gubernatura"], title="Nadia Nueva Nueve")
    after = read_manifest()
    assert dt.datetime.fromisoformat(after["generated_at"]) > dt.datetime.fromisoformat(
        before["generated_at"]
    )
    old = {e["name"]: e for e in before["files"]}
    for entry in after["files"]:
        assert entry["sha256"] != old[entry["name"]]["sha256"], entry["name"]
        assert entry["generated_at"] == after["generated_at"]
        assert entry["rows"] == old[entry["name"]]["rows"] + 1
        data = (publication.public_directory() / entry["name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(data) == entry["bytes"]


def _checksums(directory):
    return {
        name: hashlib.sha256((directory / name).read_bytes()).hexdigest()
        for name in NAMES
        if (directory / name).exists()
    }


@pytest.mark.django_db
def test_public_files_are_replaced_atomically(native, tree, offices, monkeypatch):
    """At every moment of a rebuild each public file is whole, old or new; the folder is never
    missing; files are moved in with os.replace, the manifest last."""
    publish_open_data()
    target = publication.public_directory()
    old = _checksums(target)
    assert set(old) == set(NAMES)
    _page, actors = tree
    published(actors["PAN"], offices["gubernatura"], title="Otra Persona Diez")

    whole = {name: {digest} for name, digest in old.items()}
    moved = []
    copied = []  # the process's own folder, filled after the installation's files
    real_replace = os.replace

    def watching_replace(src, dst):
        src, dst = Path(src), Path(dst)
        if dst.parent != target:
            assert dst.parent.parent == target / "procesos"
            assert moved[-1:] == ["manifest.json"]
            real_replace(src, dst)
            copied.append(dst.name)
            return
        if dst.name in whole:
            whole[dst.name].add(hashlib.sha256(src.read_bytes()).hexdigest())
        real_replace(src, dst)
        moved.append(dst.name)
        assert target.is_dir()
        for name, digest in _checksums(target).items():
            assert digest in whole[name], name
        assert set(_checksums(target)) == set(NAMES)

    monkeypatch.setattr(publication.os, "replace", watching_replace)
    manifest = publish_open_data()
    assert sorted(moved[:-1]) == sorted(NAMES) and moved[-1] == "manifest.json"
    assert sorted(copied[:-1]) == sorted(NAMES) and copied[-1] == "manifest.json"
    assert _checksums(target) == {e["name"]: e["sha256"] for e in manifest["files"]}
    assert not [p for p in target.iterdir() if p.name not in {*NAMES, "manifest.json", "procesos"}]


@pytest.mark.django_db
def test_public_files_are_readable_by_the_web_server(native):
    publish_open_data()
    target = publication.public_directory()
    assert target.stat().st_mode & 0o755 == 0o755
    for name in [*NAMES, "manifest.json"]:
        assert (target / name).stat().st_mode & 0o644 == 0o644, name


@pytest.mark.django_db
def test_a_failed_rebuild_leaves_the_previous_files(native, monkeypatch, tmp_path):
    publish_open_data()
    write_open_data(tmp_path)
    target = publication.public_directory()
    old = _checksums(target)
    old_manifest = (target / "manifest.json").read_text()

    def broken(path, records):
        Path(path).write_text("{medio archivo")
        raise RuntimeError("falla a la mitad")

    monkeypatch.setattr(publication, "write_popolo", broken)
    with pytest.raises(RuntimeError):
        publish_open_data()
    assert _checksums(target) == old
    assert (target / "manifest.json").read_text() == old_manifest
    assert sorted(p.name for p in target.iterdir()) == sorted([*NAMES, "manifest.json", "procesos"])
    # The command's folder too: old files stay whole, no temporary file is left behind.
    before = _checksums(tmp_path)
    with pytest.raises(RuntimeError):
        write_open_data(tmp_path)
    assert _checksums(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*NAMES, "manifest.json"])


@pytest.mark.django_db
def test_leftovers_of_an_interrupted_rebuild_are_removed(native):
    """A killed rebuild's temporary file would keep a snapshot with candidacies withdrawn since;
    the next publication removes it, and only it."""
    publish_open_data()
    target = publication.public_directory()
    stale = target / ".candidaturas.csv.abc123.tmp"
    stale.write_text("id,nombre\n1,Persona Retirada\n")
    unrelated = target / "LEEME.txt"
    unrelated.write_text("de otra persona")
    publish_open_data()
    assert not stale.exists()
    assert unrelated.exists()  # not ours: left alone


def test_rebuilds_are_serialized_by_a_file_lock(tmp_path):
    """Two processes rebuilding at once must not interleave their files (an older snapshot
    finishing last would bring back a withdrawn candidacy): the lock is exclusive."""
    lock = tmp_path / "opendata.lock"
    entered = threading.Event()
    release = threading.Event()
    order = []

    def holder():
        with publication.exclusive_lock(lock):
            order.append("first in")
            entered.set()
            release.wait(5)
            order.append("first out")

    import fcntl

    def waiter():
        entered.wait(5)
        with publication.exclusive_lock(lock):
            order.append("second in")

    threads = [threading.Thread(target=holder), threading.Thread(target=waiter)]
    for thread in threads:
        thread.start()
    entered.wait(5)
    threading.Event().wait(0.2)
    assert order == ["first in"]
    # Another process's view: the file lock is taken.
    with open(lock, "a") as other, pytest.raises(BlockingIOError):
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
    release.set()
    for thread in threads:
        thread.join(5)
    assert order == ["first in", "first out", "second in"]
