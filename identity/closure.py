"""Closing a process's personal data: blocking at `block_at`, cancellation from `cancel_after`.

Blocking: no public surface shows identity data any longer (identity.lifecycle), only
administrators may read it, and an aggregate snapshot is stored. Cancellation: a fresh snapshot,
then every identity record and consent form of the process is removed (identity.data_removal).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .data_removal import remove_identity_data
from .events import announce_visibility_change
from .models import PrivacyLifecycleLog, ProcessPrivacyState
from .statistics import take_snapshot


class ClosureRefused(Exception):
    """The process's dates do not allow the step yet (or a date is missing)."""


@dataclass
class ClosurePlan:
    process: object
    block: bool = False
    cancel: bool = False
    messages: list = field(default_factory=list)


def plan_closure(process, today=None):
    today = today or timezone.localdate()
    state = ProcessPrivacyState.objects.filter(process=process).first()
    plan = ClosurePlan(process=process)
    if state and state.cancelled_at:
        cancelled = timezone.localtime(state.cancelled_at)
        plan.messages.append(f"Los datos de identidad ya se cancelaron el {cancelled:%Y-%m-%d}.")
        return plan
    if not process.block_at:
        raise ClosureRefused("El proceso no tiene fecha de bloqueo (block_at).")
    if today < process.block_at:
        raise ClosureRefused(
            f"Aún no llega la fecha de bloqueo: {process.block_at:%Y-%m-%d} (hoy {today:%Y-%m-%d})."
        )
    if state and state.blocked_at:
        plan.messages.append(
            f"Los datos de identidad ya están bloqueados desde el "
            f"{timezone.localtime(state.blocked_at):%Y-%m-%d}."
        )
    else:
        plan.block = True
    if process.cancel_after and today >= process.cancel_after:
        plan.cancel = True
    elif process.cancel_after:
        plan.messages.append(
            f"La cancelación será posible a partir del {process.cancel_after:%Y-%m-%d}."
        )
    else:
        plan.messages.append("El proceso no tiene fecha de cancelación (cancel_after).")
    return plan


def candidacy_ids(process):
    from candidates.models import CandidacyPage

    return list(CandidacyPage.objects.filter(office__process=process).values_list("pk", flat=True))


@transaction.atomic
def block_process(process, performed_by=""):
    ids = candidacy_ids(process)
    snapshot = take_snapshot(process)
    state, _ = ProcessPrivacyState.objects.get_or_create(process=process)
    state.blocked_at = timezone.now()
    state.save()
    PrivacyLifecycleLog.objects.create(
        process=process,
        action=PrivacyLifecycleLog.Action.BLOCK,
        performed_by=performed_by,
        counts={"candidacies": len(ids), "snapshot": snapshot.pk},
    )
    announce_visibility_change(ids)
    return snapshot


def cancel_process(process, performed_by=""):
    ids = candidacy_ids(process)
    with transaction.atomic():
        snapshot = take_snapshot(process)
        state, _ = ProcessPrivacyState.objects.get_or_create(process=process)
        state.blocked_at = state.blocked_at or timezone.now()
        state.cancelled_at = timezone.now()
        state.save()
    report = remove_identity_data(
        ids,
        performed_by=performed_by,
        reference=f"cancelación del proceso {process.slug}; instantánea {snapshot.pk}",
        action=PrivacyLifecycleLog.Action.CANCEL,
        process=process,
    )
    return snapshot, report
