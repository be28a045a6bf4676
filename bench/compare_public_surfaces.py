"""Snapshot every public surface of a seeded demo, and diff two snapshots.

Written for issue 12 (a restructuring that must not change what users see). `seed_demo` is not
reproducible (two runs draw other people and other image file names), so both snapshots read the
same data: seed the demo once in a worktree of the old commit, snapshot it there, copy its SQLite
file and media folder, and snapshot the copy with the new code (which first applies its own
migrations, if any).

    git worktree add /tmp/base HEAD   # then, in /tmp/base, with DEBUG=1:
    DATABASE_URL=sqlite:////tmp/base/db.sqlite3 python manage.py seed_demo --preparar
    python bench/compare_public_surfaces.py snapshot /tmp/base sqlite:////tmp/base/db.sqlite3 \
        /tmp/base/media /tmp/snap-old
    cp /tmp/base/db.sqlite3 /tmp/new.sqlite3; cp -a /tmp/base/media /tmp/new-media
    python bench/compare_public_surfaces.py snapshot . sqlite:////tmp/new.sqlite3 \
        /tmp/new-media /tmp/snap-new
    python bench/compare_public_surfaces.py diff /tmp/snap-old /tmp/snap-new

`snapshot` imports the Django project found in TREE (so the old code answers for the old
snapshot), rebuilds the open-data files with that code and fetches with the test client: home,
listing (unfiltered, every single-filter value its form offers, page 2), every profile, ballot by
district and municipality, compare, organisation pages, FAQ, statistics (unfiltered and per
office/party filter) and every chart's CSV, search and autocomplete, the open-data page and every
file, the API list (all pages, `fields=*`) and every detail. Normalised away: CSP nonces, CSRF
tokens, ISO timestamps (two seeds run at different times), XLSX package metadata (cells are
compared, not bytes) and the manifest's sizes/hashes of XLSX files.
"""

import json
import os
import re
import sys
from pathlib import Path

NONCE = re.compile(r'nonce="[^"]*"|nonce-[A-Za-z0-9+/=_-]+')
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"|csrftoken=[A-Za-z0-9]+')
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)?")
SPANISH_MOMENT = re.compile(r"\d{1,2} de [a-z]+ de \d{4},?( a las)? \d{1,2}:\d\d( [ap]\.?m\.?)?")
OPTION = re.compile(r'<select name="([a-z_]+)"[^>]*>(.*?)</select>', re.S)
VALUE = re.compile(r'<option value="([^"]+)"')


# The content security policy moves inline styles to data attributes (same look, set by the
# site's script); that is the security work's change, not a change of content.
CSP_STYLES = [
    (re.compile(r'style="--org-color: (#[0-9A-Fa-f]+)"'), r'data-org-color="\1"'),
    (re.compile(r'style="--n: (\d+)"'), r'data-columns="\1"'),
    (re.compile(r"(<script[^>]*?) nonce(?=[ >])"), r"\1"),
]
NUMERIC_MOMENT = re.compile(r"\d\d/\d\d/\d{4} \d\d:\d\d")
SHA256 = re.compile(r"\b[0-9a-f]{64}\b")


def normalise(text):
    text = NONCE.sub("nonce", text)
    text = CSRF.sub("csrf", text)
    text = TIMESTAMP.sub("<timestamp>", text)
    text = NUMERIC_MOMENT.sub("<moment>", text)
    for pattern, replacement in CSP_STYLES:
        text = pattern.sub(replacement, text)
    return SPANISH_MOMENT.sub("<moment>", text)


def setup(tree, database_url, media_root):
    os.environ["DATABASE_URL"] = database_url
    os.environ["MEDIA_ROOT"] = media_root
    os.environ["DEBUG"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conoceles.settings.dev")
    sys.path.insert(0, str(Path(tree).resolve()))
    os.chdir(tree)
    import django

    django.setup()


def rebuild_open_data():
    from importlib import import_module

    for module in ("opendata.publication", "opendata.writing.publication"):
        try:
            return import_module(module).publish_open_data()
        except ImportError:
            continue
    raise SystemExit("no publish_open_data found")


def xlsx_cells(content):
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(content), read_only=True)
    return {
        name: [list(row) for row in book[name].iter_rows(values_only=True)]
        for name in book.sheetnames
    }


def snapshot(tree, database_url, media_root, out):
    setup(tree, database_url, media_root)
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    from django.core.cache import cache
    from django.core.management import call_command

    from candidates.models import CandidacyPage

    call_command("migrate", verbosity=0)
    cache.clear()
    rebuild_open_data()
    client = Client()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    result = {}

    def get(url, key=None):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        kind = response.get("Content-Type", "")
        if "spreadsheetml" in kind:
            value = xlsx_cells(body)
            value = json.loads(normalise(json.dumps(value, ensure_ascii=False, default=str)))
        else:
            value = normalise(body.decode("utf-8"))
        result[key or url] = {"status": response.status_code, "type": kind, "body": value}
        return response

    listing = get("/candidaturas/").content.decode()
    get("/")
    get("/candidaturas/?pagina=2")
    for name, options in OPTION.findall(listing):
        for value in VALUE.findall(options):
            get(f"/candidaturas/?{name}={value}")
    get("/candidaturas/?q=mar")
    live = list(CandidacyPage.objects.live().order_by("pk"))
    for page in live:
        get(page.url)
    for number in range(1, 17):
        get(f"/mi-boleta/?distrito={number}")
    get("/mi-boleta/?municipio=030")
    get("/mi-boleta/?seccion=1")
    get("/comparar/?" + "&".join(f"c={page.pk}" for page in live[:3]))
    organisations = get("/partidos/").content.decode()
    for href in sorted(
        set(re.findall(r'href="(/(?:partidos|coaliciones|independientes)/[^"]+/)"', organisations))
    ):
        get(href)
    get("/preguntas-frecuentes/")
    stats = get("/estadisticas/").content.decode()
    csvs = sorted(set(re.findall(r'href="(/estadisticas/[a-z0-9-]+\.csv)[^"]*"', stats)))
    for url in csvs:
        get(url)
    for name, options in OPTION.findall(stats):
        for value in VALUE.findall(options)[:4]:
            get(f"/estadisticas/?{name}={value}")
            for url in csvs:
                get(f"{url}?{name}={value}")
    for query in ("maria", "jose", "garcia", "educacion", "salud", "zz"):
        get(f"/buscar/?q={query}")
        get(f"/buscar/autocompletar/?q={query}")
    get("/datos-abiertos/")
    for name in (
        "candidaturas.csv",
        "candidaturas.xlsx",
        "candidaturas.json",
        "conoceles.xlsx",
        "popolo.json",
    ):
        get(f"/datos-abiertos/archivos/{name}")
    manifest = json.loads(
        (Path(media_root) / "opendata" / "manifest.json").read_text(encoding="utf-8")
    )
    for entry in manifest["files"]:
        entry.pop("generated_at", None)
        if entry["name"].endswith(".xlsx"):
            entry.pop("sha256"), entry.pop("bytes")
    manifest.pop("generated_at", None)
    result["manifest.json"] = {"status": 200, "type": "json", "body": manifest}
    offset = 0
    while True:
        response = get(f"/api/v2/candidaturas/?fields=*&limit=20&offset={offset}")
        data = response.json()
        offset += 20
        if offset >= data["meta"]["total_count"]:
            break
    for page in live:
        get(f"/api/v2/candidaturas/{page.pk}/?fields=*")
    get("/api/v2/candidaturas/")
    (out / "snapshot.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
    )
    print(f"{len(result)} answers, {len(live)} profiles -> {out / 'snapshot.json'}")


def _comparable(key, answer):
    """The answer normalised again (a snapshot taken before a rule was added compares too); the
    open-data page's file hashes aside (XLSX files carry their creation time; every file's
    content is compared on its own)."""
    if answer is None:
        return None
    body = answer["body"]
    body = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    text = f"{answer['status']} {answer['type']}\n{normalise(body)}"
    return SHA256.sub("<sha256>", text) if key.startswith("/datos-abiertos/") else text


def diff(old_dir, new_dir):
    import difflib

    old = json.loads((Path(old_dir) / "snapshot.json").read_text(encoding="utf-8"))
    new = json.loads((Path(new_dir) / "snapshot.json").read_text(encoding="utf-8"))
    differences = 0
    for key in sorted(set(old) | set(new)):
        before, after = (_comparable(key, side.get(key)) for side in (old, new))
        if before == after:
            continue
        differences += 1
        print(f"--- {key}")
        before = json.dumps(old.get(key), ensure_ascii=False, indent=1).splitlines()
        after = json.dumps(new.get(key), ensure_ascii=False, indent=1).splitlines()
        for line in list(difflib.unified_diff(before, after, lineterm="", n=1))[2:40]:
            print(line)
    print(f"{len(old)} answers before, {len(new)} after, {differences} different")
    return 1 if differences else 0


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "snapshot":
        snapshot(*args)
    elif command == "diff":
        sys.exit(diff(*args))
    else:
        raise SystemExit(__doc__)
