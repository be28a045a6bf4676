"""Create a party's capture account and email it a link to set its own password."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from wagtail.log_actions import log

from elections.models import ElectoralProcess, IndependentCandidacy, Party
from moderation.roles import capturist_group_name, ensure_actor_role


def password_set_url(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("wagtailadmin_password_reset_confirm", args=[uid, token])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def find_process(slug):
    """The process named by `--proceso`, else the latest one: a party exists once per process."""
    processes = ElectoralProcess.objects.order_by("-election_day", "-pk")
    process = processes.filter(slug=slug).first() if slug else processes.first()
    if process is None:
        raise CommandError(
            f"No existe el proceso «{slug}»." if slug else "No hay procesos electorales cargados."
        )
    return process


def find_actor(label, process):
    parties = Party.objects.filter(process=process)
    party = parties.filter(acronym__iexact=label).first() or parties.filter(slug=label).first()
    if party is not None:
        return party
    in_process = IndependentCandidacy.objects.filter(process=process)
    independents = in_process.filter(name__iexact=label) | in_process.filter(slug=label)
    if independents.count() == 1:
        return independents.get()
    raise CommandError(
        f"No existe el partido o candidatura independiente «{label}» en «{process.slug}»."
    )


class Command(BaseCommand):
    help = (
        "Crea una cuenta de capturista para un partido (siglas) o candidatura independiente y le "
        "envía por correo un enlace para definir su contraseña."
    )

    def add_arguments(self, parser):
        parser.add_argument("party", help="Siglas del partido (p. ej. PAN) o identificador")
        parser.add_argument("username")
        parser.add_argument("email")
        parser.add_argument(
            "--proceso",
            dest="process",
            default="",
            help="Identificador del proceso electoral (por omisión, el más reciente).",
        )

    @transaction.atomic
    def handle(self, party, username, email, process="", **options):
        try:
            validate_email(email)
        except Exception as exc:
            raise CommandError(f"Correo inválido: {email}") from exc
        actor = find_actor(party, find_process(process))
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"Ya existe la cuenta «{username}».")
        ensure_actor_role(actor)
        group = Group.objects.get(name=capturist_group_name(actor))
        user = User(username=username, email=email, is_active=True)
        user.set_unusable_password()
        user.save()
        user.groups.add(group)
        log(instance=user, action="wagtail.create", user=None)
        url = password_set_url(user)
        send_mail(
            "Conóceles: defina la contraseña de su cuenta de captura",
            f"Se creó la cuenta «{username}» para capturar las candidaturas de {actor}.\n\n"
            f"Defina su contraseña (mínimo 12 caracteres) en este enlace:\n{url}\n\n"
            "El enlace deja de funcionar en cuanto se usa o después de "
            f"{settings.PASSWORD_RESET_TIMEOUT // 86400} días.",
            None,
            [email],
        )
        self.stdout.write(
            self.style.SUCCESS(f"Cuenta «{username}» creada en «{group.name}»; enlace enviado.")
        )
