"""Data-quality signals a moderator cannot see one candidacy at a time.

Real reports of earlier processes show 11–37 % of proposal texts copied between a party's
candidacies, party offices' phones given as the candidate's own, one stock photo for several
people and "N/A" in every free-text box. `placeholder_fields` and `unknown_network_links` judge
one candidacy (the review checklist uses them too); `process_alerts` compares every candidacy of
a process with the others, in a fixed number of queries.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from candidates.blocks import stream_text

# Free-text answers that say nothing: compared after normalising (accents, case, punctuation).
PLACEHOLDERS = {
    "n a",
    "na",
    "n d",
    "nd",
    "ninguna",
    "ninguno",
    "no aplica",
    "no",
    "sin informacion",
    "sin datos",
    "no disponible",
    "pendiente",
    "x",
    "xx",
    "xxx",
    "s n",
    "sn",
    "no tengo",
}
FREE_TEXTS = [
    ("motivation", "Aspiración al cargo"),
    ("proposals", "Propuestas"),
    ("gender_proposal", "Propuesta en materia de género"),
    ("political_trajectory", "Trayectoria política"),
    ("professional_history", "Historia profesional o laboral"),
]
NETWORK_HOSTS = {
    "facebook_url": ("Facebook", {"facebook.com", "fb.com", "fb.me"}),
    "x_url": ("X (Twitter)", {"x.com", "twitter.com"}),
    "instagram_url": ("Instagram", {"instagram.com"}),
    "youtube_url": ("YouTube", {"youtube.com", "youtu.be"}),
    "tiktok_url": ("TikTok", {"tiktok.com"}),
}
OTHER_NETWORK_HOSTS = {
    "threads.net",
    "threads.com",
    "linkedin.com",
    "bsky.app",
    "mastodon.social",
    "t.me",
    "telegram.me",
    "whatsapp.com",
    "wa.me",
    "twitch.tv",
    "kwai.com",
    "snapchat.com",
    "pinterest.com",
    "flickr.com",
    "vimeo.com",
    "spotify.com",
    "linktr.ee",
}
OTHER_NETWORK_LABEL = "Otra red social"
# A copied text must be long enough to be a copy rather than a shared phrase ("Seguridad").
MIN_COPY_CHARS = 60
SIMILARITY = 0.8  # share of 4-word shingles two texts have in common to count as a copy
SHINGLE = 4
SHARED_CONTACT_MIN = 3  # candidacies giving the same phone, e-mail or link


def normalise(text):
    """Lower case, no accents, punctuation turned into spaces, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    return " ".join(re.sub(r"[^\w]+", " ", text).replace("_", " ").split())


def is_placeholder(text):
    """True for a text given but empty of content: punctuation only, or "N/A" and the like."""
    if not (text or "").strip():
        return False
    words = normalise(text)
    return not words or words in PLACEHOLDERS


def _stream_items(value):
    return list(value or [])


def text_of(page, name):
    value = getattr(page, name, "")
    if isinstance(value, str):
        return value
    return stream_text(value)


def placeholder_fields(page):
    """Labels of the free-text answers that hold only a placeholder, per answer or block."""
    found = []
    for name, label in FREE_TEXTS:
        value = getattr(page, name, "")
        if isinstance(value, str):
            texts = [value]
        else:
            texts = [stream_text([child]) for child in _stream_items(value)]
        if any(is_placeholder(text) for text in texts):
            found.append(label)
    return found


def host_of(url):
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _host_matches(host, allowed):
    return any(host == known or host.endswith(f".{known}") for known in allowed)


def unknown_network_links(page):
    """(label, url) of the social links whose address is not the network they are filed under."""
    found = []
    for name, (label, hosts) in NETWORK_HOSTS.items():
        url = getattr(page, name, "") or ""
        if url and not _host_matches(host_of(url), hosts):
            found.append((label, url))
    other = getattr(page, "other_social_url", "") or ""
    known = OTHER_NETWORK_HOSTS.union(*(hosts for _, hosts in NETWORK_HOSTS.values()))
    if other and not _host_matches(host_of(other), known):
        found.append((OTHER_NETWORK_LABEL, other))
    return found


# --- Across a process --------------------------------------------------------------------------


@dataclass
class Alert:
    kind: str  # a key of ALERT_KINDS
    detail: str  # what is shared or wrong, as the moderator reads it
    pages: list = field(default_factory=list)


ALERT_KINDS = {
    "copied_text": "Textos copiados entre candidaturas",
    "shared_contact": "Un mismo contacto en varias candidaturas",
    "reused_photo": "Una misma fotografía en varias candidaturas",
    "placeholder": "Respuestas sin contenido («N/A», «ninguna», solo signos)",
    "unknown_network": "Enlaces que no son de la red social indicada",
}

QUALITY_FIELDS = [
    "id",
    "title",
    "draft_title",
    "motivation",
    "gender_proposal",
    "proposals",
    "political_trajectory",
    "professional_history",
    "public_email",
    "public_phone",
    "website",
    *NETWORK_HOSTS,
    "other_social_url",
    "photo",
]


def _texts(page):
    """(label, text) of each free text worth comparing: each proposal on its own."""
    items = [
        ("Aspiración al cargo", page.motivation),
        ("Propuesta de género", page.gender_proposal),
    ]
    for index, child in enumerate(_stream_items(page.proposals), start=1):
        items.append((f"Propuesta {index}", stream_text([child])))
    items.append(("Trayectoria política", text_of(page, "political_trajectory")))
    items.append(("Historia profesional", text_of(page, "professional_history")))
    return items


def _shingles(words):
    tokens = words.split()
    if len(tokens) < SHINGLE:
        return {words}
    return {" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def _copied_texts(pages):
    """Groups of candidacies whose texts are equal once normalised, then pairs that are near
    copies (shared shingles), found through an inverted index rather than every pair."""
    by_text = defaultdict(list)
    samples = {}
    for page in pages:
        for label, text in _texts(page):
            words = normalise(text)
            if len(words) < MIN_COPY_CHARS:
                continue
            by_text[words].append((page, label))
            samples.setdefault(words, text.strip())
    alerts, grouped = [], set()
    for words, entries in by_text.items():
        distinct = {page.pk: page for page, _ in entries}
        if len(distinct) > 1:
            grouped.update(distinct)
            labels = sorted({label for _, label in entries})
            alerts.append(
                Alert(
                    "copied_text",
                    f"{', '.join(labels)}: «{_excerpt(samples[words])}»",
                    list(distinct.values()),
                )
            )
    # Near copies: only texts not already in an identical group, compared through shared shingles.
    texts = [
        (page, label, words, _shingles(words))
        for words, entries in by_text.items()
        for page, label in entries
        if page.pk not in grouped
    ]
    index = defaultdict(list)
    for position, (_, _, _, shingles) in enumerate(texts):
        for shingle in shingles:
            index[shingle].append(position)
    shared = defaultdict(int)
    for positions in index.values():
        if len(positions) > 50:  # a stock phrase of many texts: identical groups cover those
            continue
        for i, a in enumerate(positions):
            for b in positions[i + 1 :]:
                shared[(a, b)] += 1
    seen = set()
    for (a, b), count in shared.items():
        page_a, label_a, words_a, shingles_a = texts[a]
        page_b, _, _, shingles_b = texts[b]
        if page_a.pk == page_b.pk or (page_a.pk, page_b.pk) in seen:
            continue
        if count / min(len(shingles_a), len(shingles_b)) >= SIMILARITY:
            seen.add((page_a.pk, page_b.pk))
            alerts.append(
                Alert(
                    "copied_text",
                    f"{label_a} casi idéntico: «{_excerpt(words_a)}»",
                    [page_a, page_b],
                )
            )
    return alerts


def _excerpt(text, length=90):
    text = " ".join(text.split())
    return text if len(text) <= length else f"{text[: length - 1]}…"


def _contact_values(page):
    if page.public_phone:
        digits = re.sub(r"\D", "", page.public_phone)[-10:]
        if digits:
            yield f"Teléfono {digits}", digits
    if page.public_email:
        yield f"Correo {page.public_email.lower()}", page.public_email.lower()
    for name in ["website", *NETWORK_HOSTS, "other_social_url"]:
        url = getattr(page, name, "") or ""
        if url:
            parts = urlsplit(url.strip())
            key = f"{host_of(url)}{parts.path.rstrip('/').lower()}"
            yield f"Enlace {key}", key


def _shared_contacts(pages):
    holders = defaultdict(dict)
    for page in pages:
        for label, _key in _contact_values(page):
            holders[label][page.pk] = page
    return [
        Alert("shared_contact", label, list(found.values()))
        for label, found in sorted(holders.items())
        if len(found) >= SHARED_CONTACT_MIN
    ]


def _reused_photos(pages, images):
    by_hash = defaultdict(dict)
    for page in pages:
        image = images.get(page.photo_id)
        if image is None:
            continue
        key = image.file_hash or f"id:{image.pk}"
        by_hash[key][page.pk] = page
    return [
        Alert("reused_photo", f"Archivo {key[:12]}", list(found.values()))
        for key, found in by_hash.items()
        if len(found) > 1
    ]


def process_alerts(process):
    """Every alert over the candidacies of `process`, grouped by kind: three queries."""
    from wagtail.images import get_image_model

    from candidates.models import CandidacyPage

    pages = list(
        CandidacyPage.objects.filter(office__process=process).only(*QUALITY_FIELDS).order_by("pk")
    )
    photo_ids = {page.photo_id for page in pages if page.photo_id}
    images = (
        get_image_model().objects.only("id", "file_hash").in_bulk(photo_ids) if photo_ids else {}
    )
    alerts = _copied_texts(pages) + _shared_contacts(pages) + _reused_photos(pages, images)
    for page in pages:
        labels = placeholder_fields(page)
        if labels:
            alerts.append(Alert("placeholder", ", ".join(labels), [page]))
        for label, url in unknown_network_links(page):
            alerts.append(Alert("unknown_network", f"{label}: {url}", [page]))
    grouped = {kind: [] for kind in ALERT_KINDS}
    for alert in alerts:
        grouped[alert.kind].append(alert)
    return grouped, len(pages)
