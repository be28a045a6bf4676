"""Public page views read from a PostgreSQL replica; everything else stays on the primary.

On election night nearly every query is a visitor's read (listing, search, profile), and a
streaming replica can take those off the primary, which keeps the admin, the moderators'
publications and the task queue responsive. Only reads made while answering a visitor's GET or
HEAD outside the admin go to the replica (`PublicReadMiddleware` marks them): the admin, forms,
the task worker, management commands and migrations use the primary, so an editor always reads
what they just wrote. Sessions, accounts, login throttling and the task queue are read from the
primary even on public pages: a replica a second behind would log a user out or lose a task.

Enabled by production.py when DATABASE_REPLICA_URL is set (docs/deployment.md, «Más de una
máquina»); without a `replica` alias every method answers None or "default".
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
# Apps whose rows a request may just have written, or that must never be read late.
PRIMARY_ONLY_APPS = frozenset(
    {
        "sessions",
        "auth",
        "accounts",
        "axes",
        "otp_totp",
        "otp_static",
        "security",
        "django_tasks",
        "django_tasks_database",
    }
)
PRIMARY_PATH_PREFIXES = ("/admin/", "/salud/")

_public_read = ContextVar("conoceles_public_read", default=False)


@contextmanager
def public_read():
    """Run a block as a visitor's read: its queries may go to the replica."""
    token = _public_read.set(True)
    try:
        yield
    finally:
        _public_read.reset(token)


def is_public_request(request):
    return request.method in ("GET", "HEAD") and not request.path.startswith(PRIMARY_PATH_PREFIXES)


class PublicReadMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_public_request(request):
            return self.get_response(request)
        with public_read():
            return self.get_response(request)


class ReplicaRouter:
    def _replica_available(self):
        return REPLICA in settings.DATABASES

    def db_for_read(self, model, **hints):
        if not (_public_read.get() and self._replica_available()):
            return "default"
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return "default"
        # Inside a transaction on the primary (a view that locks or writes): read what it sees.
        if connections["default"].in_atomic_block:
            return "default"
        return REPLICA

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: objects from either may be related.
        return {obj1._state.db, obj2._state.db} <= {"default", REPLICA}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica gets its schema by replication, never by migrate.
        return db == "default"
