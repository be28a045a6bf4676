"""The moderator's observations as the party reads them: per section, latest round first.

Wagtail keeps a "Solicitar cambios" as the comment of a rejected TaskState and shows it only on
the workflow-history page, four steps from the form, labelled with task states. The review task
(moderation.models) writes one line per section, "Sección «…»: text"; this module reads them back
for the edit form's banner and sections, the party's list and the dashboards.
"""

import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page, TaskState, WorkflowState

from .models import SECTION_LABELS, SECTIONS

SECTION_KEYS = {label: key for key, label in SECTIONS}
OBSERVATION_START = re.compile(r"^Sección «([^»]+)»: ", re.MULTILINE)

WITH_OBSERVATIONS = "Con observaciones"
IN_REVIEW = "En revisión"
PUBLISHED = "Publicada"
PUBLISHED_WITH_CHANGES = "Publicada, con cambios sin enviar"
DRAFT = "Borrador"
# Filter values of the dashboards (GET "estado"), in the order a party works through them.
REVIEW_STATES = {
    "observaciones": WITH_OBSERVATIONS,
    "borrador": DRAFT,
    "revision": IN_REVIEW,
    "publicada": PUBLISHED,
    "cambios": PUBLISHED_WITH_CHANGES,
}


@dataclass
class Observation:
    section: str  # a key of moderation.models.SECTIONS, or "" for a general remark
    text: str

    @property
    def section_label(self):
        return SECTION_LABELS.get(self.section, "General")


@dataclass
class Round:
    """One "Solicitar cambios": who, when and what, section by section."""

    observations: list = field(default_factory=list)
    moderator: object = None
    at: object = None

    def for_section(self, section):
        return [o for o in self.observations if o.section == section]


def parse(comment):
    """Observations of a review comment; text before any section marker is a general one."""
    comment = (comment or "").strip()
    if not comment:
        return []
    matches = list(OBSERVATION_START.finditer(comment))
    observations = []
    head = comment[: matches[0].start()] if matches else comment
    if head.strip():
        observations.append(Observation("", head.strip()))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(comment)
        text = comment[match.end() : end].strip()
        observations.append(Observation(SECTION_KEYS.get(match.group(1), ""), text))
    return observations


def _round(task_state):
    return Round(parse(task_state.comment), task_state.finished_by, task_state.finished_at)


def _latest_states(page_ids):
    """{page id: its latest WorkflowState} in one query."""
    if not page_ids:
        return {}
    states = (
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(pk) for pk in page_ids],
        )
        .select_related("current_task_state__finished_by")
        .order_by("object_id", "-created_at", "-id")
    )
    latest = {}
    for state in states:
        latest.setdefault(int(state.object_id), state)
    return latest


def current_round(page):
    """The observations the party must attend now, or None. Cached on the page instance."""
    if not page.pk:
        return None
    if not hasattr(page, "_conoceles_round"):
        state = _latest_states([page.pk]).get(page.pk)
        page._conoceles_round = _needs_changes_round(state)
    return page._conoceles_round


def _needs_changes_round(state):
    if state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    task_state = state.current_task_state
    if task_state is None or task_state.status != TaskState.STATUS_REJECTED:
        return None
    return _round(task_state)


def review_state(page, workflow_state=None):
    """The Spanish review state a party and a moderator read in lists."""
    if workflow_state is not None:
        if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            return WITH_OBSERVATIONS
        if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
            return IN_REVIEW
    if page.live:
        return PUBLISHED_WITH_CHANGES if page.has_unpublished_changes else PUBLISHED
    return DRAFT


def review_summary(pages):
    """{page id: (review state, Round or None)} for many pages in one query."""
    latest = _latest_states([page.pk for page in pages])
    return {
        page.pk: (
            review_state(page, latest.get(page.pk)),
            _needs_changes_round(latest.get(page.pk)),
        )
        for page in pages
    }


def latest_rounds(page_ids, limit=5):
    """The most recent "Solicitar cambios" of these pages still awaiting the party: (page id,
    Round), newest first."""
    latest = _latest_states(page_ids)
    rounds = [
        (pk, round_)
        for pk, state in latest.items()
        if (round_ := _needs_changes_round(state)) is not None
    ]
    rounds.sort(key=lambda item: item[1].at.timestamp() if item[1].at else 0, reverse=True)
    return rounds[:limit]
