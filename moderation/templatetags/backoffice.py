"""Template helpers of the back office (the admin's home page)."""

from django import template

from ..dashboard import is_party_capturist

register = template.Library()


@register.simple_tag(takes_context=True)
def is_party_workspace(context):
    """The dashboard shows a party's workspace only: no site counts, no page search."""
    request = context.get("request")
    return request is not None and is_party_capturist(request.user)


@register.simple_tag(takes_context=True)
def sort_link(context, key):
    """The GET query of the dashboard table sorted by `key` (toggling its direction)."""
    params = context["params"].copy()
    current = params.get("orden", "")
    params["orden"] = f"-{key}" if current == key else key
    return "?" + params.urlencode()
