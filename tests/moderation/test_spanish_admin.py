"""Every screen a party or a moderator works on reads in Spanish.

Walks the party's and the moderator's screens with the test client (dashboard, page list, edit,
create, a refused create, the request-changes dialog, workflow history, reports) and fails on
any phrase of `english_phrases.txt`: the msgids Wagtail's Spanish catalogue leaves untranslated,
which locale/es/LC_MESSAGES/django.po translates where our users meet them.
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from django.urls import reverse

import pytest

from .forms import candidacy_post_data

pytestmark = pytest.mark.django_db

PHRASES_FILE = Path(__file__).with_name("english_phrases.txt")
VISIBLE_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "data-w-tooltip-content-value"}


def phrase_pattern(msgid):
    """A msgid as a regex over visible text: placeholders match any text, markup is dropped."""
    text = re.sub(r"<[^>]+>", "", msgid)
    parts = re.split(r"%\(\w+\)[sd]|%[sd]", text)
    body = r".{1,80}?".join(re.escape(part) for part in parts)
    return re.compile(rf"(?<![\w-]){body}(?![\w-])")


def load_phrases():
    lines = PHRASES_FILE.read_text(encoding="utf-8").splitlines()
    return [(line, phrase_pattern(line)) for line in lines if line and not line.startswith("#")]


PHRASES = load_phrases()


class VisibleText(HTMLParser):
    """Text a person can read or hear: element text, labels in attributes and the JSON the
    admin's sidebar and side panels are drawn from; not code."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks = []
        self.skip = 0
        self.json = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self.skip += 1
            self.json = tag == "script" and "json" in (attrs.get("type") or "")
        for name in VISIBLE_ATTRIBUTES & attrs.keys():
            self.chunks.append(attrs[name] or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
            self.json = False

    def handle_data(self, data):
        if not self.skip:
            self.chunks.append(data)
        elif self.json:
            self.chunks.extend(json_strings(data))


def json_strings(data):
    try:
        value = json.loads(data)
    except ValueError:
        return []
    found = []

    def walk(node):
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, dict):
            for item in node.values():
                walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(value)
    return found


def visible_text(response):
    content = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        content = json.loads(content).get("html", "")
    parser = VisibleText()
    parser.feed(content)
    return "\n".join(chunk.strip() for chunk in parser.chunks if chunk.strip())


def english_on(response):
    text = visible_text(response)
    return sorted({msgid for msgid, pattern in PHRASES if pattern.search(text)})


@pytest.fixture
def screens(world):
    """A draft, a submission sent back with observations, a published one; PAN's."""
    draft = world.candidacy("PAN", title="Ana Borrador", complete=False)
    returned = world.submitted("PAN")
    task_state = returned.current_workflow_task_state
    task_state.task.specific.on_action(
        task_state, world.users["moderator"], "reject", notes=[("propuestas", "Corrija.")]
    )
    returned.refresh_from_db()
    waiting = world.submitted("PAN")
    published = world.published("PAN")
    return {"draft": draft, "returned": returned, "waiting": waiting, "published": published}


def party_urls(world, pages):
    actor = world.actors["PAN"]
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=(actor.pk,)),
        reverse("wagtailadmin_pages:add", args=("candidates", "candidacypage", actor.pk)),
    ]
    for page in pages.values():
        urls += [
            reverse("wagtailadmin_pages:edit", args=(page.pk,)),
            reverse("wagtailadmin_pages:history", args=(page.pk,)),
            reverse("wagtailadmin_pages:workflow_history", args=(page.pk,)),
        ]
    return urls


def moderator_urls(world, pages):
    waiting = pages["waiting"]
    task_state = waiting.current_workflow_task_state
    return [
        *party_urls(world, pages),
        reverse("wagtailadmin_explore", args=(world.process_page.pk,)),
        reverse("wagtailadmin_pages:workflow_action", args=(waiting.pk, "reject", task_state.pk)),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_reports:aging_pages"),
    ]


def assert_spanish(client, urls):
    problems = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if found := english_on(response):
            problems[url] = found
    assert not problems, problems


def test_party_screens_are_in_spanish(world, login, screens):
    assert_spanish(login(world.users["pan"]), party_urls(world, screens))


def test_moderator_screens_are_in_spanish(world, login, screens):
    assert_spanish(login(world.users["moderator"]), moderator_urls(world, screens))


def test_a_refused_first_save_explains_itself_in_spanish(world, login):
    client = login(world.users["pan"])
    data = candidacy_post_data(world, "PAN", title="")
    data.pop("slug")
    url = reverse(
        "wagtailadmin_pages:add", args=("candidates", "candidacypage", world.actors["PAN"].pk)
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert english_on(response) == []
    assert "no se pudo crear" in visible_text(response).lower()


def test_the_checker_finds_english():
    """The detector itself: an untranslated Wagtail phrase is caught, Spanish is not."""

    class Fake:
        content = (
            b'<p>1-16 of 16 p\xc3\xa1ginas</p><button aria-label="Toggle checks"></button>'
            b'<script type="application/json">{"label": "Privacy and access"}</script>'
            b"<p>Privacidad y acceso</p>"
        )

        def get(self, name, default=""):
            return "text/html"

    found = english_on(Fake())
    assert "Toggle checks" in found
    assert "Privacy and access" in found
    assert any(msgid.startswith("%(start_index)s-%(end_index)s of") for msgid in found)


def test_review_rounds_read_in_the_institutes_words(world, login):
    page = world.submitted("PAN")
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(
        task_state, world.users["moderator"], "reject", notes=[("propuestas", "Corrija.")]
    )
    page.refresh_from_db()
    state = page.current_workflow_state
    url = reverse("wagtailadmin_pages:workflow_history_detail", args=(page.pk, state.pk))
    client = login(world.users["pan"])
    text = visible_text(client.get(url))
    assert "Observaciones" in text
    assert "Rechazado" not in text
    state.resume(user=world.users["pan"])
    text = visible_text(client.get(url))
    assert "Rechazado" not in text and "Cancelado" not in text
