"""Email the capturing party's whole group on each moderation decision, from the task worker.

Wagtail already emails the moderators on each submission (the review task's group) and the
person who submitted on each decision; the rest of the party's capturists hear it from here. The
decision only queues `moderation.tasks.notify_party` (in the decision's own transaction, so a
rolled-back decision mails no one); the worker sends one message per capturist and retries the
ones the mail server refused.
"""

from django.contrib.auth import get_user_model

from wagtail.admin.mail import (
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
)
from wagtail.models import WorkflowState
from wagtail.signals import workflow_approved, workflow_rejected

from .roles import capturist_group_name
from .rules import actor_page_for


def capturists_of(content_object, exclude=()):
    actor_page = actor_page_for(getattr(content_object, "specific", content_object))
    if actor_page is None:
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(groups__name=capturist_group_name(actor_page.actor), is_active=True)
        .exclude(pk__in=[user.pk for user in exclude if user is not None])
        .distinct()
    )


class PartyRecipientsMixin:
    def get_recipient_users(self, workflow_state, **kwargs):
        # The submitter is already notified by Wagtail's own notifier.
        exclude = (kwargs.get("user"), workflow_state.requested_by)
        recipients = capturists_of(workflow_state.content_object, exclude=exclude)
        if kwargs.get("recipient_ids") is not None:  # a retry: only those not reached yet
            recipients = recipients.filter(pk__in=kwargs["recipient_ids"])
        return set(recipients)


class PartyApprovalNotifier(PartyRecipientsMixin, WorkflowStateApprovalEmailNotifier):
    pass


class PartyRejectionNotifier(PartyRecipientsMixin, WorkflowStateRejectionEmailNotifier):
    pass


party_approval_notifier = PartyApprovalNotifier()
party_rejection_notifier = PartyRejectionNotifier()
NOTIFIERS = {"approved": party_approval_notifier, "rejected": party_rejection_notifier}


def _queue(decision):
    def receiver(sender, instance, user=None, **kwargs):
        from .tasks import notify_party

        notify_party.enqueue(instance.pk, decision, getattr(user, "pk", None))

    return receiver


queue_approval_notice = _queue("approved")
queue_rejection_notice = _queue("rejected")


def connect():
    workflow_approved.connect(
        queue_approval_notice, sender=WorkflowState, dispatch_uid="moderation-party-approved"
    )
    workflow_rejected.connect(
        queue_rejection_notice, sender=WorkflowState, dispatch_uid="moderation-party-rejected"
    )
