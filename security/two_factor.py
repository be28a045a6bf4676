"""Who must use a second factor, and the devices that provide it (django-otp).

A user has at most one authenticator app (TOTPDevice) and one set of recovery codes
(StaticDevice); both are confirmed together at enrolment, so a half-finished enrolment never
locks anyone out.
"""

from django.conf import settings
from django.db import transaction

from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from moderation.roles import ADMINISTRATORS, MODERATORS

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Aplicación de autenticación"
RECOVERY_DEVICE_NAME = "Códigos de recuperación"


def has_second_factor(user):
    return any(devices_for_user(user, confirmed=True))


def must_enrol(user):
    """Administrators and moderators publish and see personal data: a password is not enough."""
    if not settings.STAFF_2FA_REQUIRED:
        return False
    return user.is_superuser or user.groups.filter(name__in=[ADMINISTRATORS, MODERATORS]).exists()


def pending_app_device(user):
    """The unconfirmed authenticator being enrolled; kept across attempts so the QR stays valid."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_enrolment(device):
    """Confirms the app and issues fresh recovery codes; returns the codes, shown only once."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return issue_recovery_codes(device.user)


@transaction.atomic
def issue_recovery_codes(user):
    """Replaces every recovery code of the user; each new code verifies once (django-otp)."""
    static, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": RECOVERY_DEVICE_NAME, "confirmed": True}
    )
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def remaining_recovery_codes(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def remove_second_factor(user):
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
