"""The navigation a bakerydemo page renders on every request: each tag reads the tree."""

from django import template

from wagtail.models import Page, Site

from ..models import FooterText

register = template.Library()


def _has_menu_children(page):
    return page.get_children().live().in_menu().exists()


@register.simple_tag(takes_context=True)
def get_site_root(context):
    return Site.find_for_request(context["request"]).root_page


@register.inclusion_tag("bakery_baseline/tags/top_menu.html", takes_context=True)
def top_menu(context, parent, calling_page=None):
    items = parent.get_children().live().in_menu()
    for item in items:
        item.show_dropdown = _has_menu_children(item)
        item.active = calling_page is not None and calling_page.url_path.startswith(item.url_path)
    return {"calling_page": calling_page, "menuitems": items, "request": context["request"]}


@register.inclusion_tag("bakery_baseline/tags/top_menu_children.html", takes_context=True)
def top_menu_children(context, parent):
    children = parent.get_children().live().in_menu()
    return {"parent": parent, "menuitems_children": children, "request": context["request"]}


@register.inclusion_tag("bakery_baseline/tags/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if page is None or page.depth <= 2:
        ancestors = Page.objects.none()
    else:
        ancestors = Page.objects.ancestor_of(page, inclusive=True).filter(depth__gt=1)
    return {"ancestors": ancestors, "request": context["request"]}


@register.inclusion_tag("bakery_baseline/tags/footer_text.html", takes_context=True)
def get_footer_text(context):
    footer = FooterText.objects.filter(live=True).first()
    return {"footer_text": footer.body if footer else ""}
