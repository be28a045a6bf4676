"""Public templates carry no inline code the public policy would refuse (style-src 'self')."""

import re
from pathlib import Path

from django.conf import settings

import pytest

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Admin screens live under the admin's own policy (docs/security.md).
ADMIN_TEMPLATES = {"security", "wagtailadmin", "moderation", "publishing"}
PUBLIC = sorted(
    path
    for path in TEMPLATES.rglob("*.html")
    if path.relative_to(TEMPLATES).parts[0] not in ADMIN_TEMPLATES
    and "wagtailadmin/" not in path.read_text(encoding="utf-8")
)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(src|nonce)=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def test_there_are_public_templates_to_check():
    assert len(PUBLIC) > 20


@pytest.mark.parametrize("path", PUBLIC, ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_no_style_attribute_style_element_inline_script_or_handler(path):
    text = path.read_text(encoding="utf-8")
    assert "style=" not in text
    assert "<style" not in text
    assert not INLINE_SCRIPT.search(text)
    assert not INLINE_HANDLER.search(text)
