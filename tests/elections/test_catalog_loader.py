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
