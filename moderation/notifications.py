"""Email the capturing party's whole group on each moderation decision.

Wagtail already emails the moderators on each submission (the review task's group) and the
person who submitted on each decision; the rest of the party's capturists hear it from here.
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
        return set(capturists_of(workflow_state.content_object, exclude=exclude))


class PartyApprovalNotifier(PartyRecipientsMixin, WorkflowStateApprovalEmailNotifier):
    pass


class PartyRejectionNotifier(PartyRecipientsMixin, WorkflowStateRejectionEmailNotifier):
    pass


party_approval_notifier = PartyApprovalNotifier()
party_rejection_notifier = PartyRejectionNotifier()


def connect():
    workflow_approved.connect(
        party_approval_notifier, sender=WorkflowState, dispatch_uid="moderation-party-approved"
    )
    workflow_rejected.connect(
        party_rejection_notifier, sender=WorkflowState, dispatch_uid="moderation-party-rejected"
    )
