"""Identity fixtures: a published candidacy per party, role users, answered questionnaires."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission

import pytest

from candidates.factories import CandidacyPageFactory
from identity.models import ConsentRecord, IdentityQuestionnaire, PrivacyNoticePage
from identity.questions import YES

User = get_user_model()

# Distinctive answers: every item answered, conditional ones included.
DISTINCTIVE_ANSWERS = {
    "indigenous": YES,
    "indigenous_language": YES,
    "indigenous_people": "Kikapú",
    "disability": YES,
    "disability_duration": "Temporal",
    "disability_type": "Psicosocial",
    "disability_limitation": "Hablar o comunicarse",
    "afro_mexican": YES,
    "lgbtttiq": YES,
    "lgbtttiq_identity": "Persona intersexual",
    "migrant": YES,
    "country_of_residence": "Alemania",
    "years_abroad": "De 6 a 10 años",
    "reason_abroad": "Seguridad",
    "regular_status_abroad": YES,
    "young": YES,
    "elderly": YES,
    "income_band": "De $75,001 a $112,000",
    "income_source": "Compañía o empresa registrada, con 5 empleados o más",
    "birth_state": "Baja California Sur",
}


def copied_values(candidacy_ids, baseline=frozenset()):
    """Distinctive answers found outside the identity models, beyond `baseline`.

    The synthetic page texts are random Spanish words and may contain a closed-vocabulary answer
    ("Seguridad") on their own; take the baseline before the person answers anything.
    """
    from identity.data_removal import find_copies

    found = find_copies(candidacy_ids, list(DISTINCTIVE_ANSWERS.values()))
    return sorted({item.split(": ", 1)[1] for item in found} - set(baseline))


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.IDENTITY_PRIVATE_ROOT = tmp_path / "private"
    return settings.IDENTITY_PRIVATE_ROOT


def answer(candidacy, **overrides):
    values = {**DISTINCTIVE_ANSWERS, **overrides}
    return IdentityQuestionnaire.objects.create(candidacy=candidacy, **values)


def consent(candidacy, processing=True, publication=False, statistics=False):
    record, _ = ConsentRecord.objects.update_or_create(
        candidacy=candidacy,
        defaults={"processing": processing, "publication": publication, "statistics": statistics},
    )
    return record


def _access_admin():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def capturists_group(actor_page):
    from moderation.roles import capturist_group_name

    group, _ = Group.objects.get_or_create(name=capturist_group_name(actor_page.specific.party))
    group.permissions.add(_access_admin())
    for kind in ("add", "change"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=actor_page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=f"{kind}_page"
            ),
        )
    return group


def make_user(username, *groups, superuser=False):
    user = User.objects.create_user(username, f"{username}@example.org", "contraseña-segura-123")
    user.is_superuser = superuser
    user.save()
    for group in groups:
        user.groups.add(group)
    return user


@pytest.fixture
def candidacy(tree, offices, district):
    _, actors = tree
    return CandidacyPageFactory(
        parent=actors["PAN"],
        office=offices["diputacion-mr"],
        district=district,
        complete=True,
        publish=True,
        title="Xochitl Quetzalli Ramírez",
    )


@pytest.fixture
def roles(tree):
    process_page, actors = tree
    moderators, _ = Group.objects.get_or_create(name="Moderadores IEC")
    moderators.permissions.add(_access_admin())
    for kind in ("add", "change", "publish"):
        GroupPagePermission.objects.get_or_create(
            group=moderators,
            page=process_page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=f"{kind}_page"
            ),
        )
    administrators, _ = Group.objects.get_or_create(name="Administradores IEC")
    administrators.permissions.add(_access_admin())
    return {
        "own": make_user("capturista_pan", capturists_group(actors["PAN"])),
        "other": make_user("capturista_pri", capturists_group(actors["PRI"])),
        "moderator": make_user("moderadora", moderators),
        "admin": make_user("administradora", administrators),
        "superuser": make_user("raiz", superuser=True),
        "staff_without_group": make_user("sin_grupo"),
    }


@pytest.fixture
def notice(db):
    """The notice page the identity migration creates, with its first version frozen."""
    page = PrivacyNoticePage.objects.get(slug="aviso-de-privacidad")
    assert page.versions.filter(label="2023-01").exists()
    return page
