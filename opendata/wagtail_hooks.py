"""The candidacy's edit page tells its party what the import could not take (ImportFlag)."""

from django.contrib import messages
from django.utils.html import format_html, format_html_join

from wagtail import hooks

from .admin_imports import hooks as admin_import_hooks  # noqa: F401 - registers hooks
from .models import ImportFlag


@hooks.register("before_edit_page")
def show_import_flags(request, page):
    """A warning on opening the editor; on save the page reloads and shows the current flags."""
    if request.method != "GET":
        return None
    flags = list(
        ImportFlag.objects.filter(candidacy_id=page.pk).values_list("column", "value", "problem")
    )
    if flags:
        messages.warning(
            request,
            format_html(
                "Necesita corrección: la importación no pudo tomar estos datos tal como venían en "
                "el archivo; quedaron vacíos. Corríjalos y envíe la candidatura a revisión."
                "<ul>{}</ul>",
                format_html_join(
                    "", "<li><strong>{}</strong> «{}»: {}</li>", ((c, v, p) for c, v, p in flags)
                ),
            ),
        )
    return None
