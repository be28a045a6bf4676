"""Other parties' candidacies stay out of a party's page chooser and bulk-action screens.

The explorer already shows a party only its own actor page, but two admin screens list pages
without asking the page permissions: the page chooser (`/admin/choose-page/…`, its search, and
browsing into any page id) and the confirmation GET of the bulk actions, which names the pages
"you don't have permission" to act on. The probe of issue #11 read other parties' draft names in
both (Wagtail shows `draft_title`, so even a live candidacy's unapproved new name leaked).

A party sees the structure (home, process, actor pages: all public) and the candidacies under its
own actor pages; reviewers see everything. Registered from `wagtail_hooks`.
"""

from django.db.models import Q
from django.http import Http404

from wagtail import hooks
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.models import Page

from .roles import capturist_group_name
from .rules import group_names, is_reviewer


def hidden_pages(user):
    """A filter on Page matching what `user` must not see, or None when nothing is hidden."""
    from candidates.models import CapturingActorPage

    if is_reviewer.test(user):
        return None
    mine = group_names(user)
    condition = Q()
    for actor_page in CapturingActorPage.objects.select_related(
        "party__process", "independent__process"
    ):
        if capturist_group_name(actor_page.actor) not in mine:
            condition |= Q(path__startswith=actor_page.path, depth__gt=actor_page.depth)
    return condition or None


@hooks.register("construct_page_chooser_queryset")
def chooser_without_other_parties(pages, request):
    hidden = hidden_pages(request.user)
    if hidden is None:
        return pages
    match = request.resolver_match
    parent_id = match.kwargs.get("parent_page_id") if match else None
    if parent_id and Page.objects.filter(hidden, pk=parent_id).exists():
        # Browsing into the page would print its title as the listing's heading.
        raise Http404
    return pages.exclude(pk__in=Page.objects.filter(hidden).values("pk"))


def _page_of(entry):
    return entry.get("item") if isinstance(entry, dict) else entry


class HiddenPagesBulkActionMixin:
    """Drop hidden pages from every list the confirmation screen shows (none is actionable)."""

    def get_actionable_objects(self):
        objects, lists = super().get_actionable_objects()
        hidden = hidden_pages(self.request.user)
        if hidden is None:
            return objects, lists
        shown = [objects] + [value for value in lists.values() if isinstance(value, list)]
        ids = {_page_of(entry).pk for entries in shown for entry in entries}
        hidden_ids = set(Page.objects.filter(hidden, pk__in=ids).values_list("pk", flat=True))

        def keep(entries):
            return [entry for entry in entries if _page_of(entry).pk not in hidden_ids]

        lists = {
            name: keep(value) if isinstance(value, list) else value for name, value in lists.items()
        }
        return keep(objects), lists


for _action in (DeleteBulkAction, MoveBulkAction, PublishBulkAction, UnpublishBulkAction):
    # order=1: registered after Wagtail's own, so the registry keeps these for the same type.
    hooks.register(
        "register_bulk_action",
        type(_action.__name__, (HiddenPagesBulkActionMixin, _action), {}),
        order=1,
    )
