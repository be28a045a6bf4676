"""Django setup for bench scripts: they run against their own PostgreSQL database."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/conoceles_h5bench"


def setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conoceles.settings.dev")
    os.environ.setdefault("MEDIA_ROOT", str(ROOT / "bench" / "output" / "media"))
    import django

    django.setup()
