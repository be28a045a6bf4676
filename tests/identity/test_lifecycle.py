"""close_process (block, cancel, --dry-run) and one person's ARCO removal: nothing remains."""

from datetime import timedelta
from io import StringIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

import pytest

from candidates.factories import CandidacyPageFactory
from candidates.models import CandidacyPage
from identity.models import (
    ConsentEvent,
    ConsentRecord,
    IdentityAccessLog,
    IdentityAggregateSnapshot,
    IdentityQuestionnaire,
    NoticeAcceptance,
    PrivacyLifecycleLog,
    ProcessPrivacyState,
)
from identity.services import (
    accept_notice,
    log_access,
    record_consents,
    save_questionnaire,
    store_consent_form,
)
from identity.statistics import raw_group_counts, snapshot_counts
from public.badges import public_badges
from public.consent import ine_identity_rows

from .conftest import DISTINCTIVE_ANSWERS, copied_values

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def full_person(candidacy, user):
    """A person with every kind of identity record, as captured through the admin."""
    accept_notice(candidacy, user)
    record_consents(candidacy, user, True, True, True)
    store_consent_form(candidacy, user, SimpleUploadedFile("f.pdf", PDF))
    save_questionnaire(candidacy, user, DISTINCTIVE_ANSWERS)
    log_access(candidacy, user)
    return candidacy


def stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def set_dates(process, block_days, cancel_days):
    today = timezone.localdate()
    process.block_at = today + timedelta(days=block_days) if block_days is not None else None
    process.cancel_after = today + timedelta(days=cancel_days) if cancel_days is not None else None
    process.save()


def run(*args):
    out = StringIO()
    call_command("close_process", *args, stdout=out)
    return out.getvalue()


def test_refuses_before_block_at_or_without_it(candidacy):
    process = candidacy.office.process
    set_dates(process, None, None)
    with pytest.raises(CommandError, match="no tiene fecha de bloqueo"):
        run(process.slug)
    set_dates(process, 3, 30)
    with pytest.raises(CommandError, match="Aún no llega la fecha de bloqueo"):
        run(process.slug)
    with pytest.raises(CommandError, match="No existe el proceso"):
        run("no-existe")


def test_block_then_cancel(candidacy, roles, notice, private_root):
    baseline = copied_values([candidacy.pk])
    full_person(candidacy, roles["own"])
    process = candidacy.office.process
    assert public_badges(candidacy)
    assert len(stored_files(private_root)) == 1

    set_dates(process, 0, 30)
    plan = run(process.slug, "--dry-run")
    assert "[simulación] Bloquear" in plan
    assert "La cancelación será posible a partir del" in plan
    assert not ProcessPrivacyState.objects.exists()
    assert not IdentityAggregateSnapshot.objects.exists()

    output = run(process.slug)
    assert "Bloqueado" in output
    state = ProcessPrivacyState.objects.get(process=process)
    assert state.blocked_at and not state.cancelled_at
    assert PrivacyLifecycleLog.objects.filter(action="bloqueo", process=process).exists()
    # Gone from public surfaces even if block_at were moved later: the state is recorded.
    set_dates(process, 5, 30)
    candidacy = CandidacyPage.objects.get(pk=candidacy.pk)
    assert public_badges(candidacy) == []
    assert ine_identity_rows([candidacy.pk]) == {}
    assert raw_group_counts(CandidacyPage.objects.all())["with_statistics_consent"] == 0
    assert not roles["moderator"].has_perm("identity.view_identity", candidacy)
    assert roles["admin"].has_perm("identity.view_identity", candidacy)
    assert IdentityQuestionnaire.objects.filter(candidacy=candidacy).exists()
    figures = snapshot_counts(process, min_cell=1)
    assert figures["with_statistics_consent"] == 1
    assert figures["groups"][0]["counts"]["yes"] == 1

    set_dates(process, -1, 0)
    plan = run(process.slug, "--dry-run")
    assert "[simulación] Cancelar: borrar 1 cuestionarios" in plan
    assert IdentityQuestionnaire.objects.exists()
    output = run(process.slug)
    assert "Cancelado" in output

    for model in (
        IdentityQuestionnaire,
        ConsentRecord,
        ConsentEvent,
        NoticeAcceptance,
        IdentityAccessLog,
    ):
        assert not model.objects.filter(candidacy=candidacy).exists(), model
    assert stored_files(private_root) == []
    assert copied_values([candidacy.pk], baseline) == []
    assert ProcessPrivacyState.objects.get(process=process).cancelled_at
    # Only aggregates survive.
    assert snapshot_counts(process, min_cell=1)["groups"][0]["counts"]["yes"] == 1
    assert "ya se cancelaron" in run(process.slug)


def test_arco_removal_of_one_person(tree, offices, candidacy, roles, notice, private_root):
    _, actors = tree
    other = CandidacyPageFactory(parent=actors["PAN"], office=offices["gubernatura"])
    baseline = copied_values([candidacy.pk])
    full_person(candidacy, roles["own"])
    full_person(other, roles["own"])
    assert len(stored_files(private_root)) == 2

    out = StringIO()
    call_command(
        "remove_identity_data", str(candidacy.pk), "--reference", "F-12", "--dry-run", stdout=out
    )
    assert "Se borrarían 1 cuestionarios de identidad." in out.getvalue()
    assert IdentityQuestionnaire.objects.filter(candidacy=candidacy).exists()

    call_command("remove_identity_data", str(candidacy.pk), "--reference", "F-12", stdout=out)
    assert not IdentityQuestionnaire.objects.filter(candidacy=candidacy).exists()
    assert not ConsentRecord.objects.filter(candidacy=candidacy).exists()
    assert not ConsentEvent.objects.filter(candidacy=candidacy).exists()
    assert len(stored_files(private_root)) == 1
    assert IdentityQuestionnaire.objects.filter(candidacy=other).exists()
    log = PrivacyLifecycleLog.objects.get(action="arco")
    assert log.reference == "ARCO F-12"
    assert log.counts["questionnaires"] == 1
    assert "Kikapú" not in str(log.counts)
    assert copied_values([candidacy.pk], baseline) == []
    with pytest.raises(CommandError):
        call_command("remove_identity_data", "999999", "--reference", "X", stdout=out)


def test_identity_data_never_reaches_revisions_or_search_index(candidacy, roles, notice):
    baseline = copied_values([candidacy.pk])
    full_person(candidacy, roles["own"])
    revision = candidacy.save_revision(user=roles["own"])
    revision.publish()
    assert copied_values([candidacy.pk], baseline) == []
