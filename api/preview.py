"""Draft preview for external front ends: a signed, expiring token for one candidacy.

Why a signed token and not a session: the front end that renders the preview runs on another
origin and never holds the editor's cookies (the API is CORS without credentials). The token is
signed with the site's secret (`TimestampSigner`), so nothing is stored and nothing can be
forged; it names one candidacy and the user who asked for it, and it expires after
`PREVIEW_MAX_AGE`. On every use the user must still be active and still allowed to preview that
candidacy: taking the role away revokes the user's live tokens.

What the token shows is the candidacy's latest revision (the draft, or the live version when
there is no pending change) through the same public projection and serializer as
`/api/v2/candidaturas/{id}/`: a draft never shows what the published page would hide (income,
unconsented identity answers, private contact data). The answer is per viewer, so it is
`private, no-store`: the shared cache in front of the site never stores it.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core import signing
from django.utils import timezone
from django.utils.cache import patch_cache_control

from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from candidates.models import CandidacyPage
from moderation.rules import is_party_member_of, is_reviewer
from public.badges import public_badges_for

from .base import PublicAPIError, PublicAPIMixin
from .views import CandidacyAPIViewSet

PREVIEW_MAX_AGE = dt.timedelta(hours=1)
SALT = "conoceles.api.vista-previa"
TOKEN_MAX_LENGTH = 500

INVALID_MESSAGE = "La ficha de vista previa no es válida."
EXPIRED_MESSAGE = (
    "La ficha de vista previa caducó. Pida una nueva en la página de edición de la candidatura."
)
REVOKED_MESSAGE = "Quien pidió esta ficha ya no puede ver la vista previa de esta candidatura."
GONE_CANDIDACY = "La candidatura de esta ficha ya no existe."


def signer():
    return signing.TimestampSigner(salt=SALT)


def can_preview(user, page):
    """A moderator or administrator, or the capturists of the party (or independent candidacy)
    that owns this candidacy; nobody else, not even another party's capturists."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not isinstance(page, CandidacyPage):
        return False
    return bool(is_reviewer(user) or is_party_member_of(user, page))


def make_token(user, page):
    """A token for `page` on behalf of `user` (who must be allowed), and when it expires."""
    if not can_preview(user, page):
        raise PermissionError("El usuario no puede ver la vista previa de esta candidatura.")
    token = signer().sign_object({"c": page.pk, "u": user.pk}, compress=True)
    return token, timezone.now() + PREVIEW_MAX_AGE


class PreviewRefused(Exception):
    def __init__(self, message, status_code):
        super().__init__(message)
        self.status_code = status_code


def read_token(token):
    """The candidacy (its page, not yet a revision) the token gives, or PreviewRefused."""
    if not token or len(token) > TOKEN_MAX_LENGTH or not token.isascii():
        raise PreviewRefused(INVALID_MESSAGE, status.HTTP_403_FORBIDDEN)
    try:
        claims = signer().unsign_object(token, max_age=PREVIEW_MAX_AGE)
    except signing.SignatureExpired as error:
        raise PreviewRefused(EXPIRED_MESSAGE, status.HTTP_410_GONE) from error
    except (signing.BadSignature, ValueError, UnicodeDecodeError) as error:
        raise PreviewRefused(INVALID_MESSAGE, status.HTTP_403_FORBIDDEN) from error
    if not isinstance(claims, dict) or not all(
        isinstance(claims.get(key), int) for key in ("c", "u")
    ):
        raise PreviewRefused(INVALID_MESSAGE, status.HTTP_403_FORBIDDEN)
    page = CandidacyPage.objects.filter(pk=claims["c"]).first()
    if page is None:
        raise PreviewRefused(GONE_CANDIDACY, status.HTTP_410_GONE)
    user = get_user_model().objects.filter(pk=claims["u"]).first()
    if user is None or not can_preview(user, page):
        raise PreviewRefused(REVOKED_MESSAGE, status.HTTP_403_FORBIDDEN)
    return page


class PreviewResource(PublicAPIMixin, GenericAPIView):
    """`GET /api/v2/vista-previa/?token=…`: one candidacy's latest revision, detail shape."""

    def get(self, request):
        unknown = set(request.GET.keys()) - {"token", "format"}
        if unknown:
            raise PublicAPIError(
                f"Parámetro desconocido: {', '.join(sorted(unknown))}. Parámetros válidos: token."
            )
        if request.GET.get("format") not in (None, "", "json"):
            raise PublicAPIError("Formato no disponible: la API solo responde JSON (format=json).")
        token = request.GET.get("token", "")
        if not token:
            raise PublicAPIError("Indique «token»: la ficha de vista previa que da el panel.")
        try:
            page = read_token(token)
        except PreviewRefused as refused:
            return Response({"message": str(refused)}, status=refused.status_code)
        draft = page.get_latest_revision_as_object()
        return Response(candidacy_detail(request, draft))

    def finalize_response(self, request, response, *args, **kwargs):
        """Never the public headers nor validators: the answer belongs to one viewer."""
        response = super(PublicAPIMixin, self).finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response


def candidacy_detail(request, candidacy):
    """The candidacy as `/api/v2/candidaturas/{id}/` shows it (default detail fields)."""
    view = CandidacyAPIViewSet(request=request, action="detail_view", format_kwarg=None, kwargs={})
    view.badges = public_badges_for([candidacy])
    serializer_class = view._get_serializer_class(
        request.wagtailapi_router, CandidacyPage, [], show_details=True
    )
    return serializer_class(candidacy, context=view.get_serializer_context()).data
