"""Bulk work on candidacies through the review workflow, never around it.

A party selects several of its candidacies in the explorer and sends them to review together; a
moderator selects several in review and approves them, or sends them back with one observation.
Each page goes through exactly what the single-page screens do: `Workflow.start` or
`WorkflowState.resume` for a submission, the review task's `on_action` for a decision (so the
log entries, the publication on approval and the e-mail through the task queue are the same).

Wagtail's plain bulk "Publicar" would publish without review: it is neither offered nor obeyed
for a page a workflow applies to, and "Despublicar" is not offered to parties (reviewers withdraw
a candidacy with a reason, one at a time). Permissions are checked page by page, and another
party's pages are dropped from every list (`visibility.HiddenPagesBulkActionMixin`).
"""

from django import forms

from wagtail import hooks
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.models import Page, WorkflowState

from .checklist import checklist
from .models import SECTIONS, CandidacyReviewTask, SubmissionPolicy
from .rules import is_reviewer, process_for
from .visibility import HiddenPagesBulkActionMixin


def _workflow_applies(page):
    return page.get_workflow() is not None


def _listing_has_workflow(parent_page):
    """Whether pages listed under `parent_page` are reviewed (None: a search across the tree)."""
    if parent_page is None:
        return True
    if _workflow_applies(parent_page):
        return True
    return parent_page.get_children().filter(workflowpage__isnull=False).exists()


class CandidacyBulkActionMixin(HiddenPagesBulkActionMixin):
    """Specific pages (the checks need the candidacy), ids that are not numbers ignored."""

    @classmethod
    def get_queryset(cls, model, object_ids):
        ids = [str(pk) for pk in object_ids if str(pk).isdigit()]
        return list(Page.objects.filter(pk__in=ids).specific().order_by("path"))

    def is_candidacy(self, page):
        from candidates.models import CandidacyPage

        return isinstance(page, CandidacyPage)

    def draft_of(self, page):
        revision = page.get_latest_revision()
        return revision.as_object() if revision is not None else page

    def split_blocked(self, objects):
        """(actionable, blocked): blocked pages carry checklist items marked blocking."""
        policies = {}
        actionable, blocked = [], []
        for page in objects:
            process = process_for(page)
            key = process.pk if process is not None else None
            if key not in policies:
                policies[key] = SubmissionPolicy.blocking_for(process)
            items = checklist(self.draft_of(page), policies[key])
            page.conoceles_checklist = items
            if any(item.blocking for item in items):
                blocked.append(page)
            else:
                actionable.append(page)
        return actionable, blocked

    def get_actionable_objects(self):
        objects, lists = super().get_actionable_objects()
        actionable, blocked = self.split_blocked(objects)
        lists["items_blocked"] = blocked
        return actionable, lists

    def object_context(self, obj):
        context = super().object_context(obj)
        context["checklist"] = getattr(obj, "conoceles_checklist", [])
        return context

    def get_execution_context(self):
        return {"user": self.request.user}

    @classmethod
    def is_offered(cls, request, parent_page):
        return True


class SubmitForReviewBulkAction(CandidacyBulkActionMixin, PageBulkAction):
    display_name = "Enviar a revisión"
    action_type = "enviar-a-revision"
    aria_label = "Enviar a revisión las candidaturas seleccionadas"
    template_name = "moderation/bulk/confirm_submit.html"
    action_priority = 10
    form_class = forms.Form

    def check_perm(self, page):
        if not self.is_candidacy(page) or not _workflow_applies(page):
            return False
        state = page.current_workflow_state
        if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
            return False
        return page.permissions_for_user(self.request.user).can_submit_for_moderation()

    @classmethod
    def is_offered(cls, request, parent_page):
        return not is_reviewer(request.user) and not request.user.is_superuser

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for page in objects:
            if page.get_latest_revision() is None:
                page.save_revision(user=user, log_action=True)
            state = page.current_workflow_state
            if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
                state.resume(user)
            else:
                page.get_workflow().start(page, user)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        if num_parent_objects == 1:
            return "Se envió a revisión 1 candidatura."
        return f"Se enviaron a revisión {num_parent_objects} candidaturas."


class ReviewDecisionBulkAction(CandidacyBulkActionMixin, PageBulkAction):
    """A decision of the review task on several pages: each through `task.on_action`."""

    task_action = None

    def check_perm(self, page):
        if not self.is_candidacy(page):
            return False
        task_state = page.current_workflow_task_state
        if task_state is None or task_state.status != task_state.STATUS_IN_PROGRESS:
            return False
        task = task_state.task.specific
        if not isinstance(task, CandidacyReviewTask):
            return False
        actions = task.get_actions(page, self.request.user)
        return any(name == self.task_action for name, _label, _modal in actions)

    @classmethod
    def is_offered(cls, request, parent_page):
        return is_reviewer(request.user) or request.user.is_superuser

    def action_kwargs(self):
        return {}

    def get_execution_context(self):
        return {**super().get_execution_context(), "action_kwargs": self.action_kwargs()}

    @classmethod
    def execute_action(cls, objects, user=None, action_kwargs=None, **kwargs):
        for page in objects:
            task_state = page.current_workflow_task_state
            task_state.task.specific.on_action(
                task_state, user, cls.task_action, **(action_kwargs or {})
            )
        return len(objects), 0


class BulkApproveForm(forms.Form):
    comment = forms.CharField(
        label="Comentario (opcional, para todas)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ApproveBulkAction(ReviewDecisionBulkAction):
    display_name = "Aprobar y publicar"
    action_type = "aprobar"
    aria_label = "Aprobar y publicar las candidaturas seleccionadas"
    template_name = "moderation/bulk/confirm_approve.html"
    action_priority = 11
    form_class = BulkApproveForm
    task_action = "approve"

    def action_kwargs(self):
        return {"comment": self.cleaned_form.cleaned_data.get("comment", "")}

    def get_success_message(self, num_parent_objects, num_child_objects):
        if num_parent_objects == 1:
            return "Se aprobó y publicó 1 candidatura."
        return f"Se aprobaron y publicaron {num_parent_objects} candidaturas."


class BulkRequestChangesForm(forms.Form):
    section = forms.ChoiceField(
        label="Sección que debe corregirse",
        choices=[("", "---------"), *SECTIONS],
        error_messages={"required": "Indique la sección a la que se refiere la observación."},
    )
    comment = forms.CharField(
        label="Observación (la misma para todas)",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Escriba la observación que recibirán los partidos."},
    )

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError("Escriba la observación que recibirán los partidos.")
        return comment


class RequestChangesBulkAction(ReviewDecisionBulkAction):
    display_name = "Solicitar cambios"
    action_type = "solicitar-cambios"
    aria_label = "Solicitar cambios en las candidaturas seleccionadas"
    template_name = "moderation/bulk/confirm_request_changes.html"
    action_priority = 12
    form_class = BulkRequestChangesForm
    task_action = "reject"

    def split_blocked(self, objects):
        # Sending back is always possible: the checklist is shown, nothing is held back.
        actionable, blocked = super().split_blocked(objects)
        return actionable + blocked, []

    def action_kwargs(self):
        data = self.cleaned_form.cleaned_data
        return {"notes": [(data["section"], data["comment"])]}

    def get_success_message(self, num_parent_objects, num_child_objects):
        if num_parent_objects == 1:
            return "Se enviaron observaciones a 1 candidatura."
        return f"Se enviaron observaciones a {num_parent_objects} candidaturas."


class WorkflowRespectingPublishBulkAction(HiddenPagesBulkActionMixin, PublishBulkAction):
    """Wagtail's bulk publish, for pages no workflow applies to (the site's own pages)."""

    def check_perm(self, page):
        return not _workflow_applies(page) and super().check_perm(page)

    @classmethod
    def execute_action(cls, objects, include_descendants=False, user=None, **kwargs):
        # Descendants under review are never published by this action either.
        objects = [page for page in objects if not _workflow_applies(page)]
        return super().execute_action(objects, include_descendants=False, user=user, **kwargs)

    @classmethod
    def is_offered(cls, request, parent_page):
        return not _listing_has_workflow(parent_page)


class ReviewerUnpublishBulkAction(HiddenPagesBulkActionMixin, UnpublishBulkAction):
    @classmethod
    def is_offered(cls, request, parent_page):
        return is_reviewer(request.user) or request.user.is_superuser


for _action in (
    SubmitForReviewBulkAction,
    ApproveBulkAction,
    RequestChangesBulkAction,
    WorkflowRespectingPublishBulkAction,
    ReviewerUnpublishBulkAction,
):
    # order=2: after Wagtail's and visibility's registrations, so these win for their type.
    hooks.register("register_bulk_action", _action, order=2)
