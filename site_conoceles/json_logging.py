"""Production logs: one JSON object per line, with no personal data in them.

A log line leaves the institute (journald, a log service, a support ticket) and is kept longer
than any session, so it must not identify anyone. Each line holds the time, level, logger,
message and, for an error, the exception type and traceback; e-mail addresses and IP addresses
are replaced in all of them, whichever library wrote the message. A failed login is logged by
django-axes with `axes_client_str`: the path and a keyed hash of the username, enough to see
repeated failures on one account without writing the account down. The client's address stays
in nginx's access log only (docs/deployment.md, «Registros»).
"""

import hashlib
import hmac
import json
import logging
import re
from datetime import UTC, datetime

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
# Eight groups or a compressed form with "::"; hex groups only, so times (12:30:05) do not match.
IPV6 = re.compile(
    r"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![\w:])"
    r"|(?<![\w:])(?:[0-9a-fA-F]{1,4}:){1,7}:(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){0,6})?"
    r"(?![\w:])"
)


def scrub(text):
    text = EMAIL.sub("[correo]", text)
    text = IPV4.sub("[ip]", text)
    return IPV6.sub("[ip]", text)


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = record.exc_info[0].__name__
            entry["traceback"] = scrub(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


def axes_client_str(username, ip_address, user_agent, path_info, request):
    """What django-axes writes for a failed login: no username, address or user agent."""
    from django.conf import settings

    account = hmac.new(
        settings.SECRET_KEY.encode(), (username or "").casefold().encode(), hashlib.sha256
    ).hexdigest()[:12]
    if isinstance(path_info, list | tuple):
        path_info = path_info[0]
    return f"{{cuenta: {account}, ruta: {path_info}}}"


def logging_config(level="INFO"):
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "site_conoceles.json_logging.JsonFormatter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            "django_tasks": {"level": "WARNING"},
            "wagtail": {"level": "WARNING"},
        },
    }
