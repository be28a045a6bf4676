from django.core.management import call_command

from elections.models import (
    Coalition,
    District,
    ElectoralProcess,
    Municipality,
    Party,
    SigladoEntry,
)


def test_load_catalogs_loads_coahuila_2023_and_is_idempotent(db):
    call_command("load_catalogs")
    counts = [
        ElectoralProcess.objects.count(),
        Municipality.objects.count(),
        District.objects.count(),
        Party.objects.count(),
        Coalition.objects.count(),
        SigladoEntry.objects.count(),
    ]
    assert counts == [1, 38, 16, 8, 2, 34]

    process = ElectoralProcess.objects.get()
    assert [o.slug for o in process.offices.all()] == [
        "gubernatura",
        "diputacion-mr",
        "diputacion-rp",
    ]
    alliance = Coalition.objects.get(slug="alianza-ciudadana-por-la-seguridad")
    pan_districts = sorted(
        alliance.siglado.filter(party__acronym="PAN").values_list("district__number", flat=True)
    )
    assert pan_districts == [1, 5, 6, 8, 9]

    call_command("load_catalogs")
    assert [
        ElectoralProcess.objects.count(),
        Municipality.objects.count(),
        District.objects.count(),
        Party.objects.count(),
        Coalition.objects.count(),
        SigladoEntry.objects.count(),
    ] == counts


def test_reload_keeps_the_process_parameters_an_administrator_changed(db):
    call_command("load_catalogs")
    process = ElectoralProcess.objects.get()
    file_closes_at = process.capture_closes_at
    process.capture_closes_at = file_closes_at.replace(year=2030)
    process.save()
    call_command("load_catalogs")
    process.refresh_from_db()
    assert process.capture_closes_at.year == 2030
    call_command("load_catalogs", "--actualizar-proceso")
    process.refresh_from_db()
    assert process.capture_closes_at == file_closes_at


def test_capturing_parties_come_from_the_catalog_file(db):
    call_command("load_catalogs")
    process = ElectoralProcess.objects.get()
    assert sorted(process.capturing_parties.values_list("acronym", flat=True)) == sorted(
        ["PAN", "PRI", "PRD", "PT", "PVEM", "MORENA", "UDC"]
    )


def test_malformed_catalog_file_is_refused_in_spanish(db, tmp_path):
    from django.core.management.base import CommandError

    import pytest

    broken = tmp_path / "catalogo.json"
    broken.write_text('{"process": {"name": "sin identificador"}}', encoding="utf-8")
    with pytest.raises(CommandError, match="no es válido"):
        call_command("load_catalogs", str(broken))
    with pytest.raises(CommandError, match="No se encontró"):
        call_command("load_catalogs", str(tmp_path / "no-existe.json"))
