"""The audit logs, readable in the admin by IEC administrators alone (issue #11, hardening 5).

Who read or changed a person's identity data (`IdentityAccessLog`), how each consent was given or
withdrawn (`ConsentEvent`), and who signed in or failed to (Wagtail log entries written by
`moderation.signals`, plus django-axes' failed attempts, which also cover names that are no
account). These logs are the institute's evidence before the data-protection authority, so
moderators and parties, who appear in them, can neither read nor export them. Each listing
filters by candidacy, user and date and exports to CSV/XLSX with the cells neutralised against
formula injection, as every other export of the project.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponseForbidden
from django.urls import include, path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import ModelLogEntry

import django_filters
from axes.models import AccessAttempt

from identity.models import ConsentEvent, IdentityAccessLog
from site_conoceles.spreadsheets import csv_cell

from .rules import is_administrator
from .signals import LOGIN, LOGIN_FAILED

FORBIDDEN = "Solo las personas administradoras del IEC pueden consultar las bitácoras."


def can_audit(user):
    return user.is_authenticated and is_administrator(user)


def _date_range(field_name, label="Fecha"):
    return django_filters.DateFromToRangeFilter(
        field_name=field_name, label=label, widget=DateRangePickerWidget
    )


def _text(field_name, label):
    return django_filters.CharFilter(field_name=field_name, label=label, lookup_expr="icontains")


class CandidacyFilter(django_filters.CharFilter):
    """A candidacy by its number (the page id shown in the admin) or part of its name."""

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        if value.isdigit():
            return qs.filter(**{f"{self.field_name}_id": int(value)})
        return qs.filter(**{f"{self.field_name}__title__icontains": value})


class AuditReportView(ReportView):
    """A read-only log listing for administrators, exported without live spreadsheet formulas."""

    paginate_by = 50
    header_icon = "history"

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        if not can_audit(request.user):
            # A plain 403 (Wagtail would turn PermissionDenied into a redirect to the dashboard).
            return HttpResponseForbidden(FORBIDDEN)
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"{self.export_filename}-{datetime.date.today().isoformat()}"

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: csv_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )


# --- Identity access log ---------------------------------------------------------------------


class IdentityAccessFilterSet(WagtailFilterSet):
    candidacy = CandidacyFilter(field_name="candidacy", label="Candidatura (número o nombre)")
    username = _text("username", "Usuario")
    action = django_filters.ChoiceFilter(
        label="Acción", choices=IdentityAccessLog.Action.choices, empty_label="Todas"
    )
    at = _date_range("at")

    class Meta:
        model = IdentityAccessLog
        fields = []


class IdentityAccessLogView(AuditReportView):
    page_title = "Accesos a datos de identidad"
    header_icon = "lock"
    filterset_class = IdentityAccessFilterSet
    index_url_name = "audit:identity_access"
    index_results_url_name = "audit:identity_access_results"
    export_filename = "accesos-datos-de-identidad"
    columns = [
        DateColumn("at", label="Fecha y hora"),
        Column("username", label="Usuario"),
        Column("action", label="Acción", accessor="get_action_display"),
        Column("candidacy_id", label="Número"),
        Column("candidacy", label="Candidatura", accessor="candidacy.title"),
    ]
    list_export = ["at", "username", "get_action_display", "candidacy_id", "candidacy.title"]
    export_headings = {
        "at": "Fecha y hora",
        "username": "Usuario",
        "get_action_display": "Acción",
        "candidacy_id": "Número de candidatura",
        "candidacy.title": "Candidatura",
    }

    def get_queryset(self):
        return IdentityAccessLog.objects.select_related("candidacy").order_by("-at", "-pk")


# --- Consent events --------------------------------------------------------------------------


class ConsentEventFilterSet(WagtailFilterSet):
    candidacy = CandidacyFilter(field_name="candidacy", label="Candidatura (número o nombre)")
    recorded_by = _text("recorded_by__username", "Registrado por")
    action = django_filters.ChoiceFilter(
        label="Acción", choices=ConsentEvent.Action.choices, empty_label="Todas"
    )
    recorded_at = _date_range("recorded_at")

    class Meta:
        model = ConsentEvent
        fields = []


def _consent_kind(event):
    from identity.models.consent import CONSENT_LABELS

    return CONSENT_LABELS.get(event.kind, "")


class ConsentEventLogView(AuditReportView):
    page_title = "Eventos de consentimiento"
    header_icon = "tick-inverse"
    filterset_class = ConsentEventFilterSet
    index_url_name = "audit:consent_events"
    index_results_url_name = "audit:consent_events_results"
    export_filename = "eventos-de-consentimiento"
    columns = [
        DateColumn("recorded_at", label="Fecha y hora"),
        Column("action", label="Acción", accessor="get_action_display"),
        Column("kind", label="Consentimiento", accessor="kind_label"),
        Column("recorded_by", label="Registrado por", accessor="recorded_by.username"),
        Column("candidacy_id", label="Número"),
        Column("candidacy", label="Candidatura", accessor="candidacy.title"),
        Column("note", label="Nota"),
    ]
    list_export = [
        "recorded_at",
        "get_action_display",
        "kind_label",
        "recorded_by.username",
        "candidacy_id",
        "candidacy.title",
        "note",
    ]
    export_headings = {
        "recorded_at": "Fecha y hora",
        "get_action_display": "Acción",
        "kind_label": "Consentimiento",
        "recorded_by.username": "Registrado por",
        "candidacy_id": "Número de candidatura",
        "candidacy.title": "Candidatura",
        "note": "Nota",
    }

    def get_queryset(self):
        return ConsentEvent.objects.select_related("candidacy", "recorded_by").order_by(
            "-recorded_at", "-pk"
        )

    def decorate_paginated_queryset(self, object_list):
        for event in object_list:
            event.kind_label = _consent_kind(event)
        return object_list

    def to_row_dict(self, item):
        item.kind_label = _consent_kind(item)
        return super().to_row_dict(item)


# --- Sign-in history -------------------------------------------------------------------------

LOGIN_ACTIONS = [(LOGIN, "Inicio de sesión"), (LOGIN_FAILED, "Intento fallido")]


class LoginFilterSet(WagtailFilterSet):
    username = _text("label", "Usuario")
    action = django_filters.ChoiceFilter(
        label="Resultado", choices=LOGIN_ACTIONS, empty_label="Todos"
    )
    timestamp = _date_range("timestamp")

    class Meta:
        model = ModelLogEntry
        fields = []


class LoginHistoryView(AuditReportView):
    page_title = "Historial de inicio de sesión"
    header_icon = "user"
    filterset_class = LoginFilterSet
    index_url_name = "audit:logins"
    index_results_url_name = "audit:logins_results"
    export_filename = "historial-de-inicio-de-sesion"
    columns = [
        DateColumn("timestamp", label="Fecha y hora"),
        Column("label", label="Usuario"),
        Column("action", label="Resultado", accessor="result"),
        Column("ip", label="Dirección"),
    ]
    list_export = ["timestamp", "label", "result", "ip"]
    export_headings = {
        "timestamp": "Fecha y hora",
        "label": "Usuario",
        "result": "Resultado",
        "ip": "Dirección",
    }

    def get_queryset(self):
        return ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(get_user_model()),
            action__in=[LOGIN, LOGIN_FAILED],
        ).order_by("-timestamp", "-pk")

    @staticmethod
    def _decorate(entry):
        entry.result = dict(LOGIN_ACTIONS)[entry.action]
        entry.ip = (entry.data or {}).get("ip", "")
        return entry

    def decorate_paginated_queryset(self, object_list):
        return [self._decorate(entry) for entry in object_list]

    def to_row_dict(self, item):
        return super().to_row_dict(self._decorate(item))


class FailedAttemptFilterSet(WagtailFilterSet):
    username = _text("username", "Usuario escrito")
    ip_address = _text("ip_address", "Dirección")
    attempt_time = _date_range("attempt_time", "Último intento")

    class Meta:
        model = AccessAttempt
        fields = []


class FailedAttemptsView(AuditReportView):
    """django-axes' counters: failed sign-ins per (name, address), unknown names included."""

    page_title = "Intentos fallidos y bloqueos"
    header_icon = "warning"
    filterset_class = FailedAttemptFilterSet
    index_url_name = "audit:failed_attempts"
    index_results_url_name = "audit:failed_attempts_results"
    export_filename = "intentos-fallidos"
    columns = [
        DateColumn("attempt_time", label="Último intento"),
        Column("username", label="Usuario escrito"),
        Column("ip_address", label="Dirección"),
        Column("failures_since_start", label="Fallos"),
        Column("user_agent", label="Navegador"),
    ]
    list_export = ["attempt_time", "username", "ip_address", "failures_since_start", "user_agent"]
    export_headings = {
        "attempt_time": "Último intento",
        "username": "Usuario escrito",
        "ip_address": "Dirección",
        "failures_since_start": "Fallos",
        "user_agent": "Navegador",
    }

    def get_queryset(self):
        return AccessAttempt.objects.order_by("-attempt_time", "-pk")


VIEWS = [
    ("identidad/", "identity_access", IdentityAccessLogView),
    ("consentimientos/", "consent_events", ConsentEventLogView),
    ("inicios-de-sesion/", "logins", LoginHistoryView),
    ("intentos-fallidos/", "failed_attempts", FailedAttemptsView),
]


@hooks.register("register_admin_urls")
def register_audit_urls():
    patterns = []
    for prefix, name, view in VIEWS:
        patterns += [
            path(prefix, view.as_view(), name=name),
            path(f"{prefix}resultados/", view.as_view(results_only=True), name=f"{name}_results"),
        ]
    return [path("bitacoras/", include((patterns, "audit"), namespace="audit"))]


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return can_audit(request.user)


class AuditSubmenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return can_audit(request.user)


@hooks.register("register_admin_menu_item")
def register_audit_menu():
    items = [
        AuditMenuItem(view.page_title, reverse(f"audit:{name}"), name=name.replace("_", "-"))
        for _prefix, name, view in VIEWS
    ]
    return AuditSubmenuItem(
        "Bitácoras", Menu(items=items), name="bitacoras", icon_name="history", order=950
    )
