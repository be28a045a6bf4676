"""export_open_data writes the published files and refuses unusable folders with Spanish errors."""

import hashlib
import json
import os

from django.core.management import CommandError, call_command

import pytest

from opendata import publication

from .factories_helpers import NAMES

pytestmark = pytest.mark.usefixtures("forget_renditions")


@pytest.mark.django_db
def test_command_writes_the_same_files(native, tmp_path, capsys):
    target = tmp_path / "salida"
    call_command("export_open_data", str(target))
    manifest = json.loads((target / "manifest.json").read_text())
    assert [e["name"] for e in manifest["files"]] == NAMES
    out = capsys.readouterr().out
    for entry in manifest["files"]:
        assert entry["sha256"] in out
        assert hashlib.sha256((target / entry["name"]).read_bytes()).hexdigest() == entry["sha256"]


@pytest.mark.django_db
def test_command_errors_are_spanish_command_errors(native, tmp_path, monkeypatch):
    with pytest.raises(CommandError, match="no existe"):
        call_command("export_open_data", str(tmp_path / "falta" / "salida"))
    assert not (tmp_path / "falta").exists()
    a_file = tmp_path / "archivo.txt"
    a_file.write_text("ocupado")
    with pytest.raises(CommandError, match="no es una carpeta"):
        call_command("export_open_data", str(a_file))
    assert a_file.read_text() == "ocupado"
    with pytest.raises(CommandError, match="no es una carpeta"):
        call_command("export_open_data", str(a_file / "dentro"))
    with pytest.raises(CommandError, match="Indica una carpeta"):
        call_command("export_open_data")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(publication.tempfile, "mkstemp", refuse)
    with pytest.raises(CommandError, match="No se pudo escribir"):
        call_command("export_open_data", str(tmp_path))


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only folder")
@pytest.mark.django_db
def test_command_unwritable_folder_for_real(native, tmp_path):
    locked = tmp_path / "cerrada"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(CommandError, match="No se puede escribir"):
            call_command("export_open_data", str(locked))
    finally:
        locked.chmod(0o755)


@pytest.mark.django_db
def test_command_unwritable_folder_is_refused_before_writing(native, tmp_path, monkeypatch):
    real_access = os.access
    monkeypatch.setattr(
        publication.os, "access", lambda p, mode: False if mode & os.W_OK else real_access(p, mode)
    )
    with pytest.raises(CommandError, match="No se puede escribir"):
        call_command("export_open_data", str(tmp_path))
    assert not list(tmp_path.iterdir())
