"""Images and documents the IEC approved (or is reviewing) are read-only to the parties.

The gap: a capturist may change or delete the images and documents of the party's collection
(`roles.IMAGE_AND_DOCUMENT_CODENAMES`), and Wagtail's `CollectionOwnershipPermissionPolicy` also
lets whoever holds "add" change and delete what they uploaded, so dropping "change" from the group
would not close it. Replacing the file (or moving the focal point) of a published candidacy's
photo, or of its "3 de 3" PDF, changed the public profile, the API and the open data with no
review: the public site reads the file through the image, not through the page revision.

Options weighed:

- Wagtail 8 has no `before_edit_image`/`before_delete_image` hooks (only `before_serve_document`),
  and wrapping or shadowing its admin URLs would miss the other ways in: the multiple uploader's
  edit and delete, the bulk actions (delete, add to collection, tags), usage, URL generator,
  preview. Every one of those asks the permission policy registered for the model
  (`wagtail.permissions.policy_registry`), so one policy covers them all, forged POSTs included.
- A custom image model cannot be introduced under existing migrations (see `candidates.media`),
  and a `pre_save` guard on the file knows no user (moderators must keep every right) and would
  not stop a delete, which empties the live page's photo through `on_delete=SET_NULL`.
- Copy-on-write (saving a capturist's new file as a new image) would let the file change in the
  library but not on the site, a behaviour nobody would guess.

So this module registers, for the image and the document models, Wagtail's own collection
ownership policy plus one rule: "change" and "delete" of a *moderated* image or document need
`moderation.change_media` (`moderation/rules.py`: IEC always, others only for media that are not
moderated). Moderated means shown or about to be shown by the public site, or under review:

- a field of a live candidacy (its page row holds the live content) or of its live revision;
- a field of a revision scheduled to go live (approved with a future date) or in review (an
  in-progress task): otherwise a file swapped after the moderator looked would be published
  with the approval of a file nobody reviewed;
- a catalog field (a party's, coalition's or independent's emblem): catalogs are the IEC's.

Fields are found by type (every foreign key to the model), so a new image field of the
candidacy or of a catalog is covered without touching this module; an image or document chooser
block inside a StreamField would not be, and would need adding here. The party still uploads a
*new* file and picks it in the candidacy, which goes through review as any edit does, and keeps
editing anything no moderation has seen. Moderated media disappear from the party's image and
document libraries (still shown by the choosers, which ask for "choose"), so listings and
permission checks agree; a refused edit explains itself through the refusal that
`CaptureWindowMessageMiddleware` adds to Wagtail's "no permission" redirect.

Registered from `ModerationConfig.ready()` with `exact_class=True`: this app is ready before
`wagtail.images` and `wagtail.documents` register their default policies, and an exact-class entry
wins over those in `PolicyRegistry.get_by_type()` whatever the order.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import ForeignKey, IntegerField, Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from wagtail.models import Revision, TaskState
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import register_permission_policy

from .permissions import REFUSAL_ATTRIBUTE
from .roles import ADMINISTRATORS, MODERATORS

CHANGE_MEDIA = "moderation.change_media"
CHANGING_ACTIONS = frozenset({"change", "delete"})

IMAGE_REFUSAL = (
    "La imagen «{title}» está publicada o en revisión del IEC: solo el IEC puede cambiarla o "
    "borrarla. Para usar otra, sube una imagen nueva y elígela en la candidatura; el cambio "
    "pasará por la revisión del IEC."
)
DOCUMENT_REFUSAL = (
    "El documento «{title}» está publicado o en revisión del IEC: solo el IEC puede cambiarlo o "
    "borrarlo. Para usar otro, sube un documento nuevo y elígelo en la candidatura; el cambio "
    "pasará por la revisión del IEC."
)


def _fields_to(source, model):
    return [
        field
        for field in source._meta.concrete_fields
        if isinstance(field, ForeignKey) and field.related_model is model
    ]


def _candidacy_revisions_under_moderation():
    """Live, scheduled and in-review revisions of candidacies."""
    from candidates.models import CandidacyPage

    return Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(CandidacyPage),
    ).filter(
        Q(pk__in=CandidacyPage.objects.filter(live=True).values("live_revision_id"))
        | Q(pk__in=TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS).values("revision"))
        | Q(approved_go_live_at__isnull=False)
    )


def moderated_filter(model):
    """A filter on `model` (image or document) matching its moderated rows; None if none can be.

    Every subquery leaves out NULLs: `exclude()` turns this into NOT IN, which a NULL would make
    match nothing at all.
    """
    from candidates.models import CandidacyPage
    from elections.models import Coalition, IndependentCandidacy, Party

    condition = Q()
    for field in _fields_to(CandidacyPage, model):
        live = CandidacyPage.objects.filter(live=True, **{f"{field.name}__isnull": False})
        revisions = (
            _candidacy_revisions_under_moderation()
            .annotate(media_id=Cast(KeyTextTransform(field.name, "content"), IntegerField()))
            .filter(media_id__isnull=False)
        )
        condition |= Q(pk__in=live.values(field.attname))
        condition |= Q(pk__in=revisions.values("media_id"))
    for catalog in (Party, Coalition, IndependentCandidacy):
        for field in _fields_to(catalog, model):
            used = catalog.objects.filter(**{f"{field.name}__isnull": False})
            condition |= Q(pk__in=used.values(field.attname))
    return condition or None


def is_moderated(instance):
    condition = moderated_filter(type(instance))
    if condition is None or instance.pk is None:
        return False
    return type(instance)._default_manager.filter(condition, pk=instance.pk).exists()


def _is_reviewer(user):
    from .rules import is_reviewer

    return is_reviewer.test(user)


class ModeratedMediaPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's policy for images and documents, minus changing or deleting moderated ones."""

    def __init__(self, model, refusal, **kwargs):
        super().__init__(model, **kwargs)
        self.refusal = refusal

    def user_has_any_permission_for_instance(self, user, actions, instance):
        actions = set(actions)
        if not super().user_has_any_permission_for_instance(user, actions, instance):
            return False
        changing = actions & CHANGING_ACTIONS
        if not changing or user.has_perm(CHANGE_MEDIA, instance):
            return True
        others = actions - changing
        if others and super().user_has_any_permission_for_instance(user, others, instance):
            return True
        # Read by CaptureWindowMessageMiddleware to explain Wagtail's "no permission" redirect.
        setattr(user, REFUSAL_ATTRIBUTE, self.refusal.format(title=instance.title))
        return False

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        changing = set(actions) & CHANGING_ACTIONS
        moderated = moderated_filter(self.model)
        if not changing or moderated is None or _is_reviewer(user):
            return instances
        others = set(actions) - changing
        if not others:
            return instances.exclude(moderated)
        allowed_otherwise = super().instances_user_has_any_permission_for(user, others)
        return instances.filter(~moderated | Q(pk__in=allowed_otherwise.values("pk")))

    def users_with_any_permission_for_instance(self, actions, instance):
        users = super().users_with_any_permission_for_instance(actions, instance)
        changing = set(actions) & CHANGING_ACTIONS
        if not changing or not is_moderated(instance):
            return users
        reviewers = Q(is_superuser=True) | Q(groups__name__in=[ADMINISTRATORS, MODERATORS])
        allowed = Q(pk__in=users.filter(reviewers).values("pk"))
        others = set(actions) - changing
        if others:
            otherwise = super().users_with_any_permission_for_instance(others, instance)
            allowed |= Q(pk__in=otherwise.values("pk"))
        return get_user_model().objects.filter(allowed)


def register():
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    for model, auth_model, refusal in (
        (get_image_model(), "wagtailimages.Image", IMAGE_REFUSAL),
        (get_document_model(), "wagtaildocs.Document", DOCUMENT_REFUSAL),
    ):
        policy = ModeratedMediaPermissionPolicy(
            model, refusal, auth_model=auth_model, owner_field_name="uploaded_by_user"
        )
        register_permission_policy(model, policy, exact_class=True)
