"""Editor niceties for candidacy pages."""

from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks


@hooks.register("insert_editor_js")
def education_status_toggle():
    """Hide "Estatus del grado" while the level is "Sin estudios" (the server refuses it too)."""
    return format_html(
        '<script src="{}" defer></script>', static("candidates/js/education-status.js")
    )
