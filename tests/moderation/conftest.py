"""A process with three parties (PAN and PRI in coalition, PRD alone) and one user per role."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Collection

import pytest

from candidates.factories import CandidacyPageFactory, PortraitFactory, build_process_tree
from elections.factories import CoalitionFactory, DistrictFactory, OfficeFactory
from identity.services import accept_notice
from moderation.roles import ADMINISTRATORS, MODERATORS, capturist_group_name, collection_name

ROLES = ["admin", "moderator", "pan", "pri", "prd", "anonymous"]


@dataclass
class World:
    process: object
    process_page: object
    actors: dict
    office: object
    district: object
    coalition: object
    users: dict = field(default_factory=dict)

    def user(self, role):
        return self.users.get(role)

    def candidacy(self, owner, notice=None, **kwargs):
        """A complete draft candidacy captured by `owner` (a party acronym), never published.

        A complete one also has the privacy notice accepted (`notice=False` leaves it out), as
        the default submission policy blocks without it.
        """
        actor_page = self.actors[owner]
        kwargs.setdefault("complete", True)
        page = CandidacyPageFactory(
            parent=actor_page,
            office=self.office,
            district=self.district,
            coalition=self.coalition if owner in ("PAN", "PRI") else None,
            owner=self.users[owner.lower()],
            **kwargs,
        )
        if kwargs["complete"] if notice is None else notice:
            accept_notice(page, self.users[owner.lower()])
        return page

    def submitted(self, owner):
        page = self.candidacy(owner)
        page.get_workflow().start(page, self.users[owner.lower()])
        page.refresh_from_db()
        return page

    def published(self, owner):
        return self.candidacy(owner, publish=True)

    def image_of(self, owner):
        party = self.actors[owner].party
        collection = Collection.objects.get(name=collection_name(party))
        return PortraitFactory(title=f"Foto privada {owner}", collection=collection)


def make_user(username, group_name=None):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="clave-de-prueba-larga-123"
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def world(process):
    process_page, actors = build_process_tree(process, parties=("PAN", "PRI", "PRD"))
    office = OfficeFactory(process=process)
    district = DistrictFactory(process=process, number=1, head_town="Acuña")
    coalition = CoalitionFactory(
        process=process, members=[actors["PAN"].party, actors["PRI"].party], offices=[office]
    )
    world = World(process, process_page, actors, office, district, coalition)
    world.users = {
        "admin": make_user("admin-iec", ADMINISTRATORS),
        "moderator": make_user("moderadora", MODERATORS),
        "pan": make_user("captura-pan", capturist_group_name(actors["PAN"].party)),
        "pri": make_user("captura-pri", capturist_group_name(actors["PRI"].party)),
        "prd": make_user("captura-prd", capturist_group_name(actors["PRD"].party)),
        "anonymous": None,
    }
    return world


@pytest.fixture
def login(client):
    def _login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return _login
