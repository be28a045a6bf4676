"""Keep roles in sync as catalogs and the page tree grow, and record logins in the history."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.log_actions import log

from . import roles

LOGIN = "conoceles.login"
LOGIN_FAILED = "conoceles.login_failed"
UNPUBLISH_WITH_REASON = "conoceles.unpublish_with_reason"


def _client_address(request):
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def connect():
    from candidates.models import CapturingActorPage, ProcessPage
    from elections.models import IndependentCandidacy, Party

    post_save.connect(actor_saved, sender=Party, dispatch_uid="moderation-party-role")
    post_save.connect(
        actor_saved, sender=IndependentCandidacy, dispatch_uid="moderation-independent-role"
    )
    post_save.connect(
        actor_page_saved, sender=CapturingActorPage, dispatch_uid="moderation-actor-page-role"
    )
    post_save.connect(
        process_page_saved, sender=ProcessPage, dispatch_uid="moderation-process-page-role"
    )


def actor_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    roles.ensure_actor_role(instance)


def actor_page_saved(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    roles.ensure_actor_page_permissions(instance)


def process_page_saved(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    roles.ensure_process_page_roles(instance)


@receiver(user_logged_in, dispatch_uid="moderation-log-login")
def log_login(sender, request, user, **kwargs):
    log(instance=user, action=LOGIN, user=user, data={"ip": _client_address(request)})


@receiver(user_login_failed, dispatch_uid="moderation-log-login-failed")
def log_login_failure(sender, credentials, request=None, **kwargs):
    """A failure is logged on the account it targeted; unknown usernames stay in axes' log."""
    username = credentials.get("username") or ""
    user = get_user_model().objects.filter(username=username).first() if username else None
    if user is not None:
        log(instance=user, action=LOGIN_FAILED, user=None, data={"ip": _client_address(request)})
