"""The set-password e-mail leaves through the task queue: a slow or failing mail server must
not make the administrator's form hang or lose the account it just created."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from django_tasks import task


def password_set_url(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("wagtailadmin_password_reset_confirm", args=[uid, token])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@task()
def send_password_link(user_id, actor_label):
    """A one-use link: the token changes as soon as the password is set (Django's generator)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return "sin destinatario"
    send_mail(
        "Conóceles: defina la contraseña de su cuenta de captura",
        f"Se creó la cuenta «{user.get_username()}» para capturar las candidaturas de "
        f"{actor_label}.\n\n"
        f"Defina su contraseña (mínimo 12 caracteres) en este enlace:\n{password_set_url(user)}\n\n"
        "El enlace deja de funcionar en cuanto se usa o después de "
        f"{settings.PASSWORD_RESET_TIMEOUT // 86400} días.",
        None,
        [user.email],
    )
    return "enviado"
