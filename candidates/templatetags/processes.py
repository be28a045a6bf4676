"""The archive notice every public page of a concluded process carries."""

from django import template
from django.core.cache import cache
from django.utils import timezone

from elections.models import ElectoralProcess

register = template.Library()

ARCHIVES_CACHE_KEY = "conoceles:archived-processes:v1"
ARCHIVES_CACHE_SECONDS = 300


def archived_processes():
    """{process id: name} of the processes whose publication has ended, cached.

    Every public page asks, so the answer costs no query while warm; a process becomes an
    archive by the calendar, not by an edit, and five minutes late is acceptable.
    """
    archives = cache.get(ARCHIVES_CACHE_KEY)
    if archives is None:
        archives = dict(
            ElectoralProcess.objects.filter(online_until__lt=timezone.localdate()).values_list(
                "pk", "name"
            )
        )
        cache.set(ARCHIVES_CACHE_KEY, archives, ARCHIVES_CACHE_SECONDS)
    return archives


def forget_archived_processes(**kwargs):
    cache.delete(ARCHIVES_CACHE_KEY)


def _process_id(context):
    """The process a public page belongs to, from what the page already loaded."""
    scoped = context.get("scoped_process")
    if scoped is not None:
        return scoped.pk
    page = context.get("page")
    if page is None:
        return None
    if getattr(page, "process_id", None):  # ProcessPage
        return page.process_id
    office = getattr(page, "office", None)  # CandidacyPage
    if office is not None:
        return office.process_id
    actor = getattr(page, "party", None) or getattr(page, "independent", None)
    return getattr(actor, "process_id", None)


@register.inclusion_tag("candidates/_archive_notice.html", takes_context=True)
def archive_notice(context):
    process_id = _process_id(context)
    name = archived_processes().get(process_id) if process_id else None
    return {"archived_process_name": name}
