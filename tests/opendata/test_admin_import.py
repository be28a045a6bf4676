"""Imports from the admin: upload → preview (a rolled-back run) → confirm → the queued import."""

# ruff: noqa: F811  (the role fixtures are imported from tests/moderation/conftest.py)

import csv
import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

import pytest

from candidates.models import CandidacyPage
from elections.models import ElectoralProcess
from opendata.admin_imports import forms as upload_forms
from opendata.admin_imports.models import AdminImport, ImportStatus
from opendata.admin_imports.running import progress_key
from tests.moderation.conftest import login, world  # noqa: F401  (shared role fixtures)

from .factories_helpers import REFERENCE
from .test_import_errors import small_copy

pytestmark = pytest.mark.django_db
HEADER = "nombre,sexo,fecha_nacimiento,cargo,distrito,lista,partido,tipo,accion_afirmativa\n"
START = "/admin/importaciones/"


def registry_csv(world, name="registro.csv"):
    """Two good rows and three bad ones, as a party's spreadsheet would come."""
    slug = world.office.slug
    body = (
        f"Lucía Pérez,Mujer,1980-05-01,{slug},1,,PAN,propietaria,\n"
        f"Marta Ruiz,M,1990-01-02,{slug},1,,PAN,suplente,joven\n"
        f"Sin Fecha,Mujer,mayo de 1980,{slug},1,,PRI,propietaria,\n"
        f"Otro Partido,Hombre,1980-05-01,{slug},1,,XYZ,propietario,\n"
        f"Mal Distrito,Hombre,1980-05-01,{slug},99,,PRD,propietario,\n"
    )
    return SimpleUploadedFile(name, (HEADER + body).encode("utf-8"), content_type="text/csv")


def upload(client, file, kind="registro", process=None, atomic=False):
    """Post the form; the preview task, queued on commit, runs at once (immediate backend)."""
    data = {"kind": kind, "file": file}
    if process is not None:
        data["process"] = process.pk
    if atomic:
        data["atomic"] = "on"
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(START, data)


def job_of(world, **kwargs):
    kwargs.setdefault("kind", "registro")
    kwargs.setdefault("process", world.process)
    return AdminImport.objects.create(
        filename="registro.csv",
        content=b"x",
        created_by=world.user("admin"),
        problems=[["", 3, "", "", "Fecha de nacimiento no válida"]],
        **{"status": ImportStatus.PREVIEW, **kwargs},
    )


@pytest.mark.parametrize("role", ["moderator", "pan", "pri"])
def test_only_administrators_import(world, login, role, django_capture_on_commit_callbacks):
    job = job_of(world)
    client = login(world.user(role))
    assert client.get(START).status_code == 403
    assert client.get(reverse("opendata_imports:detail", args=[job.pk])).status_code == 403
    assert client.get(reverse("opendata_imports:report", args=[job.pk, "csv"])).status_code == 403
    # Forged POSTs: no job, no confirmation, no import.
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(client, registry_csv(world), process=world.process).status_code == 403
        confirm = client.post(reverse("opendata_imports:confirm", args=[job.pk]))
    assert confirm.status_code == 403
    assert AdminImport.objects.get().status == ImportStatus.PREVIEW
    assert not CandidacyPage.objects.exists()
    assert "Importaciones" not in client.get("/admin/").content.decode()


def test_anonymous_goes_to_the_login(world, login):
    job = job_of(world)
    client = login(None)
    for url in (START, reverse("opendata_imports:detail", args=[job.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post(reverse("opendata_imports:confirm", args=[job.pk]))
    assert response.status_code == 302
    assert AdminImport.objects.get().status == ImportStatus.PREVIEW


def test_registry_preview_confirm_and_queued_run(
    world, login, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    client = login(world.user("admin"))
    assert "Importaciones" in client.get("/admin/").content.decode()
    response = upload(client, registry_csv(world), process=world.process)
    job = AdminImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("opendata_imports:detail", args=[job.pk])
    # The preview changed nothing and says what would change, with every bad row.
    assert not CandidacyPage.objects.exists()
    assert job.status == ImportStatus.PREVIEW
    assert (job.preview["created"], job.preview["errors"]) == (2, 3)
    assert [row[1] for row in job.problems] == [4, 5, 6]
    with django_assert_max_num_queries(20):
        page = client.get(response["Location"]).content.decode()
    assert "Lo que cambiaría" in page
    assert "Fecha de nacimiento no válida" in page and "«XYZ»" in page
    assert "Distrito no válido" in page
    assert "http-equiv" not in page  # nothing running: no refresh

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(reverse("opendata_imports:confirm", args=[job.pk]))
    assert confirmed.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert (job.result["created"], job.result["errors"]) == (2, 3)
    assert bytes(job.content) == b""  # the personal data in the file is not kept
    assert sorted(CandidacyPage.objects.values_list("title", flat=True)) == [
        "Lucía Pérez",
        "Marta Ruiz",
    ]
    page = client.get(reverse("opendata_imports:detail", args=[job.pk])).content.decode()
    assert "Resultado" in page and "Terminada" in page

    # The problem report for the parties, as CSV and as XLSX.
    report = client.get(reverse("opendata_imports:report", args=[job.pk, "csv"]))
    assert report["Content-Disposition"].startswith("attachment")
    assert "no-store" in report["Cache-Control"]
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert rows[0] == ["Hoja", "Fila", "Columna", "Valor", "Problema"]
    assert [row[1] for row in rows[1:]] == ["4", "5", "6"]
    xlsx = client.get(reverse("opendata_imports:report", args=[job.pk, "xlsx"]))
    assert xlsx.content.startswith(b"PK")
    assert client.get(reverse("opendata_imports:report", args=[job.pk, "pdf"])).status_code == 404

    # Confirming again does not import twice.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("opendata_imports:confirm", args=[job.pk]), follow=True)
    assert "ya se confirmó" in again.content.decode()
    assert CandidacyPage.objects.count() == 2


def test_all_or_nothing_run_leaves_the_database_as_it_was(
    world, login, django_capture_on_commit_callbacks
):
    client = login(world.user("admin"))
    upload(client, registry_csv(world), process=world.process, atomic=True)
    job = AdminImport.objects.get()
    assert job.preview["rolled_back"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("opendata_imports:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.ROLLED_BACK
    assert not CandidacyPage.objects.exists()


def test_progress_is_shown_and_the_page_refreshes_while_running(world, login):
    from django.core.cache import cache

    job = job_of(world, status=ImportStatus.RUNNING)
    cache.set(progress_key(job.pk), (50, 200))
    client = login(world.user("admin"))
    page = client.get(reverse("opendata_imports:detail", args=[job.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "50 de 200 filas (25 %)" in page
    cache.delete(progress_key(job.pk))


@pytest.mark.parametrize(
    ("name", "content", "kind", "message"),
    [
        ("registro.pdf", b"%PDF-1.4", "registro", "«registro.pdf» no es un archivo de este tipo"),
        ("conoceles.csv", b"a,b\n1,2\n", "ine", "se espera .xlsx o .xls"),
        ("registro.csv", b"", "registro", "El archivo está vacío."),
    ],
)
def test_wrong_type_gets_a_spanish_message_and_no_job(world, login, name, content, kind, message):
    client = login(world.user("admin"))
    response = upload(client, SimpleUploadedFile(name, content), kind=kind, process=world.process)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AdminImport.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "kind", "message"),
    [
        ("conoceles.xlsx", b"PK\x03\x04 esto no es un xlsx", "ine", "No se pudo leer"),
        ("conoceles.xls", b"hola", "ine", "no es una hoja de c"),
        ("registro.csv", b"\x00\x01\x02\xff\xfe\x00garbage", "registro", "«registro.csv» no es"),
        ("lista.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "registro", "es una imagen PNG"),
    ],
)
def test_corrupt_files_fail_with_the_reading_codes_message(
    world, login, name, content, kind, message
):
    client = login(world.user("admin"))
    response = upload(client, SimpleUploadedFile(name, content), kind=kind, process=world.process)
    assert response.status_code == 302
    job = AdminImport.objects.get()
    assert job.status == ImportStatus.FAILED
    assert bytes(job.content) == b""
    page = client.get(response["Location"]).content.decode()
    assert message in page and "Falló" in page
    assert "Confirmar e importar" not in page
    assert not CandidacyPage.objects.exists()


def test_the_page_refreshes_while_the_file_is_checked(world, login):
    job = job_of(world, status=ImportStatus.ANALYZING)
    client = login(world.user("admin"))
    page = client.get(reverse("opendata_imports:detail", args=[job.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "Revisando el archivo" in page and "Confirmar e importar" not in page
    confirm = client.post(reverse("opendata_imports:confirm", args=[job.pk]), follow=True)
    assert "El archivo aún se está revisando" in confirm.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.ANALYZING


def test_oversized_file_and_missing_process(world, login, monkeypatch):
    client = login(world.user("admin"))
    monkeypatch.setattr(upload_forms, "MAX_UPLOAD_SIZE", 100)
    response = upload(client, registry_csv(world), process=world.process)
    assert "el máximo es 100" in response.content.decode()
    monkeypatch.undo()
    response = upload(client, registry_csv(world))
    assert "Elija el proceso al que se carga la lista de registro." in response.content.decode()
    response = client.post(START, {"kind": "registro", "process": world.process.pk})
    assert "Elija el archivo que quiere importar." in response.content.decode()
    assert not AdminImport.objects.exists()


@pytest.mark.skipif(not REFERENCE.exists(), reason="reference file not present")
def test_preview_of_a_real_messy_ine_file(
    world, login, tmp_path, django_capture_on_commit_callbacks
):
    """The first 30 people of INE's anonymized 2022 export, one with EDAD «cuarenta»."""
    path = small_copy(tmp_path / "conoceles.xlsx", rows=30, break_row=5)
    client = login(world.user("admin"))
    processes = ElectoralProcess.objects.count()
    with path.open("rb") as handle:
        file = SimpleUploadedFile("conoceles.xlsx", handle.read())
    response = upload(client, file, kind="ine")
    assert response.status_code == 302
    job = AdminImport.objects.get()
    assert job.preview["errors"] == 1
    assert job.preview["created"] == 29
    assert [row[1] for row in job.problems] == [6]
    assert "EDAD" in job.problems[0][2] or "cuarenta" in job.problems[0][3] + job.problems[0][4]
    # A preview writes nothing, not even the process the file would create.
    assert ElectoralProcess.objects.count() == processes
    assert not CandidacyPage.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Se crea a partir del archivo" in page and "Problemas (1)" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("opendata_imports:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.result["created"] == 29
    assert CandidacyPage.objects.filter(live=True).count() == 29


def test_a_deleted_uploader_keeps_the_job(world, login):
    job = job_of(world)
    get_user_model().objects.filter(pk=world.user("admin").pk).delete()
    job.refresh_from_db()
    assert job.created_by is None
