"""The admin's home page for parties and moderators, in place of Wagtail's default panels.

A party capturist sees its workspace: the capture deadline and time left, its candidacies as a
table (office, district or municipality, fórmula, completeness, review state, last change), what
to do next and the moderator's latest observations. A moderator sees the review queue. Both are
Wagtail dashboard components (`construct_homepage_panels`); the table is filtered and sorted by
GET parameters so a view can be bookmarked and shared.
"""

from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property

from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision, WorkflowState

from candidates.completeness import SECTIONS as COMPLETENESS_SECTIONS

from .observations import (
    DRAFT,
    IN_REVIEW,
    REVIEW_STATES,
    WITH_OBSERVATIONS,
    latest_rounds,
    review_summary,
)
from .roles import capturist_group_name
from .rules import group_names, is_reviewer

SORTS = {
    "cargo": lambda row: (row.page.office.sort_order, row.place_sort, row.page.title),
    "nombre": lambda row: row.page.title.lower(),
    "avance": lambda row: (row.percent, row.page.title.lower()),
    "estado": lambda row: (row.state_order, row.page.title.lower()),
    "cambio": lambda row: row.changed_at.timestamp() if row.changed_at else 0,
}
DEFAULT_SORT = "estado"
STATE_ORDER = {label: index for index, label in enumerate(REVIEW_STATES.values())}


def actor_pages_of(user):
    """The CapturingActorPages the user captures for (through its capturist group)."""
    from candidates.models import CapturingActorPage

    names = group_names(user)
    pages = CapturingActorPage.objects.select_related("party__process", "independent__process")
    return [page for page in pages if capturist_group_name(page.actor) in names]


def is_party_capturist(user):
    return not is_reviewer(user) and bool(actor_pages_of(user))


class Row:
    """One candidacy as its latest draft reads (what the party sees in the editor)."""

    def __init__(self, page, draft, state, round_):
        self.page = page
        self.draft = draft
        self.state = state
        self.round = round_
        self.missing = draft.missing_sections()
        total = len(COMPLETENESS_SECTIONS)
        self.percent = round(100 * (total - len(self.missing)) / total)
        self.state_order = STATE_ORDER.get(state, len(STATE_ORDER))
        self.changed_at = page.latest_revision_created_at or page.last_published_at

    @property
    def place(self):
        draft = self.draft
        if draft.district_id:
            return str(draft.district)
        if draft.municipality_id:
            return str(draft.municipality)
        if draft.list_position:
            return f"Lista, posición {draft.list_position}"
        return "No aplica"

    @property
    def place_sort(self):
        draft = self.draft
        return (
            draft.district.number if draft.district_id else 0,
            str(draft.municipality) if draft.municipality_id else "",
            draft.list_position or 0,
        )

    @property
    def formula(self):
        return self.draft.formula_role_label


def candidacy_rows(actor_pages):
    """Rows for every candidacy under these actor pages, read from their latest revisions."""
    from candidates.models import CandidacyPage
    from elections.models import District, Municipality, Office

    if not actor_pages:
        return []
    under_actors = reduce(
        or_, [Q(path__startswith=actor.path, depth=actor.depth + 1) for actor in actor_pages]
    )
    pages = list(CandidacyPage.objects.filter(under_actors))
    revisions = Revision.objects.in_bulk(
        [page.latest_revision_id for page in pages if page.latest_revision_id]
    )
    offices = Office.objects.select_related("process").in_bulk()
    districts = District.objects.in_bulk()
    municipalities = Municipality.objects.in_bulk()
    summary = review_summary(pages)
    rows = []
    for page in pages:
        revision = revisions.get(page.latest_revision_id)
        draft = revision.as_object() if revision is not None else page
        # The catalogs, read once for all rows instead of once per candidacy.
        draft.office = offices.get(draft.office_id)
        draft.district = districts.get(draft.district_id)
        draft.municipality = municipalities.get(draft.municipality_id)
        if draft.office is None:
            continue
        state, round_ = summary[page.pk]
        rows.append(Row(page, draft, state, round_))
    return rows


def filter_and_sort(rows, params):
    state = params.get("estado", "")
    if state in REVIEW_STATES:
        rows = [row for row in rows if row.state == REVIEW_STATES[state]]
    office = params.get("cargo", "")
    if office:
        rows = [row for row in rows if row.draft.office.slug == office]
    query = params.get("q", "").strip().lower()
    if query:
        rows = [row for row in rows if query in row.page.title.lower()]
    sort = params.get("orden", DEFAULT_SORT)
    descending = sort.startswith("-")
    key = SORTS.get(sort.lstrip("-"), SORTS[DEFAULT_SORT])
    return sorted(rows, key=key, reverse=descending)


def next_steps(rows):
    """What the party should do next, most urgent first, with the filter that lists them."""
    counts = {}
    for row in rows:
        counts[row.state] = counts.get(row.state, 0) + 1
    ready = sum(1 for row in rows if row.state == DRAFT and not row.missing)
    incomplete = sum(1 for row in rows if row.state == DRAFT and row.missing)
    steps = []
    if counts.get(WITH_OBSERVATIONS):
        steps.append(
            (
                f"Atender las observaciones del IEC en {counts[WITH_OBSERVATIONS]} "
                f"candidatura{'s' if counts[WITH_OBSERVATIONS] != 1 else ''} y reenviarlas.",
                "observaciones",
            )
        )
    if incomplete:
        steps.append(
            (f"Completar {incomplete} borrador{'es' if incomplete != 1 else ''}.", "borrador")
        )
    if ready:
        steps.append(
            (
                f"Enviar a revisión {ready} borrador{'es' if ready != 1 else ''} "
                f"ya completo{'s' if ready != 1 else ''}.",
                "borrador",
            )
        )
    if counts.get(IN_REVIEW):
        steps.append(
            (f"Esperar la revisión del IEC de {counts[IN_REVIEW]} candidatura(s).", "revision")
        )
    return steps


def time_left(deadline, now=None):
    """ "3 días y 4 horas" until the deadline, or None once it passed."""
    remaining = deadline - (now or timezone.now())
    if remaining.total_seconds() <= 0:
        return None
    days, hours = remaining.days, remaining.seconds // 3600
    if days:
        return f"{days} día{'s' if days != 1 else ''} y {hours} hora{'s' if hours != 1 else ''}"
    minutes = (remaining.seconds % 3600) // 60
    return (
        f"{hours} hora{'s' if hours != 1 else ''} y {minutes} minuto{'s' if minutes != 1 else ''}"
    )


class PartyWorkspacePanel(Component):
    name = "conoceles_party_workspace"
    template_name = "moderation/dashboard/party.html"
    order = 10

    def __init__(self, request, actor_pages):
        self.request = request
        self.actor_pages = actor_pages

    @cached_property
    def process(self):
        from candidates.party_choices import process_of

        return process_of(self.actor_pages[0]) if self.actor_pages else None

    def get_context_data(self, parent_context=None):
        all_rows = candidacy_rows(self.actor_pages)
        params = self.request.GET
        rows = filter_and_sort(all_rows, params)
        process = self.process
        by_page = {row.page.pk: row for row in all_rows}
        observations = [
            (by_page[pk], round_)
            for pk, round_ in latest_rounds(list(by_page), limit=5)
            if pk in by_page
        ]
        complete = sum(1 for row in all_rows if not row.missing)
        return {
            "actors": self.actor_pages,
            "process": process,
            "deadline": process.capture_closes_at if process else None,
            "time_left": time_left(process.capture_closes_at) if process else None,
            "window_open": process.capture_window_is_open() if process else False,
            "rows": rows,
            "total": len(all_rows),
            "complete": complete,
            "next_steps": next_steps(all_rows),
            "observations": observations,
            "states": REVIEW_STATES,
            "offices": sorted(
                {row.draft.office for row in all_rows}, key=lambda office: office.sort_order
            ),
            "params": params,
            "sort": params.get("orden", DEFAULT_SORT),
        }


class ReviewQueuePanel(Component):
    """Candidacies waiting for the IEC, oldest submission first, and those sent back."""

    name = "conoceles_review_queue"
    template_name = "moderation/dashboard/review_queue.html"
    order = 10

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        from candidates.models import CandidacyPage

        states = (
            WorkflowState.objects.active()
            .filter(base_content_type=ContentType.objects.get_for_model(Page))
            .select_related("requested_by")
            .order_by("created_at")
        )
        ids = [int(state.object_id) for state in states]
        pages = CandidacyPage.objects.select_related("office", "district", "party").in_bulk(ids)
        waiting, returned = [], []
        for state in states:
            page = pages.get(int(state.object_id))
            if page is None:
                continue
            target = waiting if state.status == WorkflowState.STATUS_IN_PROGRESS else returned
            target.append((page, state))
        return {"waiting": waiting, "returned": returned}
