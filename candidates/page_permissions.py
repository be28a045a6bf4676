"""Who may do what on a page is the moderation app's to decide; page models ask here.

The page models (candidates', identity's privacy notice, home's root) sit below moderation in the
import layers (docs/architecture.md), so they cannot import its permission testers. Instead the
app that owns the rules registers a tester class per page model in its `AppConfig.ready()`
(`register_tester`), and each model's `permissions_for_user` calls `tester_for`. A page model
with no registered tester raises rather than fall back to Wagtail's more permissive default.
"""

from django.core.exceptions import ImproperlyConfigured

TESTERS = {}


def register_tester(model, tester_class):
    TESTERS[model] = tester_class


def tester_for(page, user):
    """The registered tester of the page's model (or of the nearest registered ancestor class)."""
    for cls in type(page).__mro__:
        tester_class = TESTERS.get(cls)
        if tester_class is not None:
            return tester_class(user, page)
    raise ImproperlyConfigured(
        f"No permission tester registered for {type(page).__name__} (moderation.apps)."
    )
