"""A refused, --atomic or failed registry load changes nothing; a closed capture only warns."""

import datetime as dt

from candidates.models import CandidacyPage
from opendata.reading.registry import load_registry, loading

from .factories_helpers import HEADER, MR, RP, answer_identity, command, csv_file, refused, rows


def test_atomic_with_one_bad_row_leaves_the_database_exactly_unchanged(tmp_path, setup, loaded):
    answer_identity(CandidacyPage.objects.get(title="Lucía Pérez"))
    path = csv_file(
        tmp_path,
        [
            HEADER,
            f"Lucía Pérez Corregida,Mujer,1980-05-01,{MR},1,,PAN,propietaria,",  # update
            f"Nueva Persona,Hombre,1970-01-01,{RP},,2,PRI,propietario,",  # create
            f"Mala Fecha,Hombre,31/31/1970,{RP},,3,PRI,propietario,",  # bad
        ],
    )
    refused(path, setup, "1 fila.*con --atomic no se cargó ninguna", "--atomic")
    report = load_registry(path, setup)  # without --atomic the good rows go in
    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)


def test_a_closed_process_takes_no_more_personal_data(tmp_path, setup, loaded):
    setup.block_at = dt.date.today() - dt.timedelta(days=1)
    setup.save()
    refused(csv_file(tmp_path, rows()), setup, "ya cerró: sus datos personales están bloqueados")


def test_a_closed_capture_window_is_warned_about(tmp_path, setup):
    from django.utils import timezone

    setup.capture_closes_at = timezone.now() - dt.timedelta(days=1)
    setup.save()
    out, err = command(csv_file(tmp_path, rows()), setup)
    assert "Creadas: 3;" in out
    assert "Aviso: la captura de" in err and "no podrán completar" in err


def test_a_failure_midway_is_a_spanish_error_and_saves_nothing(
    tmp_path, setup, loaded, monkeypatch
):
    def broken(pages_by_parent):
        raise RuntimeError("disco lleno")

    monkeypatch.setattr(loading, "add_draft_children", broken)
    lines = [HEADER, f"Lucía Pérez Ramos,Mujer,1980-05-01,{MR},1,,PAN,propietaria,", *rows()[1:]]
    refused(csv_file(tmp_path, lines), setup, "Error inesperado.*no se guardó nada")
