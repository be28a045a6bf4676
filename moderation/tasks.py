"""Moderation e-mail sent by the task worker, so a decision never waits on the mail server."""

import datetime as dt
import logging

from django.contrib.auth import get_user_model
from django.utils import timezone

from django_tasks import task

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
RETRY_DELAYS = (60, 300, 1800)  # seconds before the 2nd, 3rd and 4th attempt


class NotificationNotSent(Exception):
    pass


@task()
def notify_party(workflow_state_id, decision, user_id=None, recipient_ids=None, attempt=1):
    """Mail the party's capturists one by one; those the server refused are tried again later.

    Each recipient gets its own call, so a retry reaches only who was missed and nobody gets the
    same decision twice.
    """
    from wagtail.models import WorkflowState

    from .notifications import NOTIFIERS

    state = WorkflowState.objects.filter(pk=workflow_state_id).first()
    if state is None:  # the page was deleted since: nobody to tell about it
        return 0
    notifier = NOTIFIERS[decision]
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    recipients = notifier.get_recipient_users(state, user=user, recipient_ids=recipient_ids)
    missed = [
        recipient.pk
        for recipient in sorted(recipients, key=lambda r: r.pk)
        if not notifier(instance=state, user=user, recipient_ids=[recipient.pk])
    ]
    if not missed:
        return len(recipients)
    if attempt < MAX_ATTEMPTS:
        retry = notify_party
        if retry.get_backend().supports_defer:
            delay = dt.timedelta(seconds=RETRY_DELAYS[attempt - 1])
            retry = retry.using(run_after=timezone.now() + delay)
        retry.enqueue(workflow_state_id, decision, user_id, missed, attempt + 1)
    raise NotificationNotSent(f"Sin enviar a {len(missed)} de {len(recipients)} destinatarios")
