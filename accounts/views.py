"""«Cuentas de captura»: the institute's administrator creates, lists, disables and re-enables
the accounts each party or independent candidacy captures with.

Only administrators: a moderator reviews what parties write and must not be able to hand out
accounts that write it. Only capture accounts can be disabled here, so that a forged request
cannot lock out the institute's own staff.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from wagtail.log_actions import log

from elections.models import ElectoralProcess
from moderation.roles import (
    ADMINISTRATORS,
    CAPTURIST_PREFIX,
    MODERATORS,
    capturist_group_name,
    ensure_actor_role,
)

from .forms import LINK, CapturistForm, actors_of
from .tasks import send_password_link

FORBIDDEN = "Solo la administración del Instituto gestiona las cuentas de captura."


def can_manage(user):
    return user.is_active and (
        user.is_superuser or user.groups.filter(name=ADMINISTRATORS).exists()
    )


def administrators_only(view):
    """A plain 403, not Wagtail's redirect to the dashboard: a forged request must fail loudly."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_manage(request.user):
            return TemplateResponse(
                request,
                "accounts/forbidden.html",
                {"message": FORBIDDEN},
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapper


def _process(request):
    processes = ElectoralProcess.objects.order_by("-election_day")
    slug = request.GET.get("proceso") or request.POST.get("proceso")
    process = processes.filter(slug=slug).first() if slug else processes.first()
    if slug and process is None:
        raise Http404("No existe ese proceso electoral.")
    return process, processes


@administrators_only
def capturist_list(request):
    process, processes = _process(request)
    actors = actors_of(process) if process else []
    names = {capturist_group_name(actor): actor for _key, actor in actors}
    users = (
        get_user_model()
        .objects.filter(groups__name__in=names)
        .prefetch_related("groups")
        .order_by("username")
        .distinct()
    )
    accounts = {name: [] for name in names}
    for user in users:
        for group in user.groups.all():
            if group.name in accounts:
                accounts[group.name].append(user)
    rows = [
        {"actor": actor, "group": name, "accounts": accounts[name]} for name, actor in names.items()
    ]
    return TemplateResponse(
        request,
        "accounts/capturist_list.html",
        {"process": process, "processes": processes, "rows": rows},
    )


@administrators_only
def capturist_create(request):
    process, _processes = _process(request)
    if process is None:
        messages.error(request, "Primero hay que dar de alta un proceso electoral.")
        return redirect("accounts:list")
    form = CapturistForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actor = data["actor"]
        with transaction.atomic():
            group, _collection = ensure_actor_role(actor)
            user = get_user_model()(
                username=data["username"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                is_active=True,
            )
            if data["mode"] == LINK:
                user.set_unusable_password()
            else:
                user.set_password(data["password1"])
            user.save()
            user.groups.add(group)
            log(instance=user, action="wagtail.create", user=request.user)
            if data["mode"] == LINK:
                transaction.on_commit(lambda: send_password_link.enqueue(user.pk, str(actor)))
        sent = (
            " Se le enviará por correo el enlace para definir su contraseña."
            if (data["mode"] == LINK)
            else ""
        )
        messages.success(request, f"Cuenta «{user.username}» creada en «{group.name}».{sent}")
        return redirect(f"{reverse('accounts:list')}?proceso={process.slug}")
    return TemplateResponse(
        request, "accounts/capturist_form.html", {"form": form, "process": process}
    )


def _capturist_or_404(pk):
    """A capture account; never a superuser nor a member of the institute's own groups."""
    user = get_object_or_404(get_user_model(), pk=pk, is_superuser=False)
    names = set(user.groups.values_list("name", flat=True))
    if names & {ADMINISTRATORS, MODERATORS} or not any(
        name.startswith(CAPTURIST_PREFIX) for name in names
    ):
        raise Http404("No es una cuenta de captura.")
    return user


@require_POST
@administrators_only
def capturist_set_active(request, pk, active):
    user = _capturist_or_404(pk)
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        log(instance=user, action="wagtail.edit", user=request.user)
    state = "activada" if active else "desactivada: ya no puede entrar al administrador"
    messages.success(request, f"Cuenta «{user.username}» {state}.")
    target = reverse("accounts:list")
    slug = request.POST.get("proceso", "")
    if ElectoralProcess.objects.filter(slug=slug).exists():
        target += f"?proceso={slug}"
    return redirect(target)
