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


@register.inclusion_tag("wagtailadmin/shared/buttons.html", takes_context=True)
def offered_bulk_action_choices(context, app_label, model_name):
    """Wagtail's bulk action buttons, without the actions not offered to this user here.

    An action class may define `is_offered(request, parent_page)` (moderation.bulk_actions);
    the listing's parent page is None in search results.
    """
    from django.urls import reverse

    from wagtail.admin.views.bulk_action.registry import bulk_action_registry
    from wagtail.admin.widgets import Button, ButtonWithDropdown
    from wagtail.admin.widgets.button import ListingButton

    request = context.get("request")
    parent_page = context.get("parent_page")
    actions = sorted(
        (
            action
            for action in bulk_action_registry.get_bulk_actions_for_model(app_label, model_name)
            if request is None
            or not hasattr(action, "is_offered")
            or action.is_offered(request, parent_page)
        ),
        key=lambda action: action.action_priority,
    )

    def url(action):
        return reverse("wagtail_bulk_action", args=[app_label, model_name, action.action_type])

    buttons = [
        ListingButton(
            action.display_name,
            url(action),
            attrs={"aria-label": action.aria_label, "data-bulk-action-button": ""},
            priority=action.action_priority,
            classname=" ".join(action.classes | {"bulk-action-btn"}),
        )
        for action in actions[:4]
    ]
    if actions[4:]:
        buttons.append(
            ButtonWithDropdown(
                label="Más",
                attrs={"title": "Más acciones en lote"},
                classname="button button-secondary button-small",
                buttons=[
                    Button(
                        label=action.display_name,
                        url=url(action),
                        attrs={"aria-label": action.aria_label, "data-bulk-action-button": ""},
                        priority=action.action_priority,
                    )
                    for action in actions[4:]
                ],
            )
        )
    return {"buttons": buttons}
