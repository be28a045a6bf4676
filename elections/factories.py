"""Factories for the catalogs; the tests and `seed_demo` build their data with these."""

import datetime as dt

from django.utils import timezone
from django.utils.text import slugify

import factory

from .models import (
    Coalition,
    District,
    ElectoralProcess,
    IndependentCandidacy,
    Municipality,
    Office,
    OfficeScope,
    Party,
    Principle,
)


class ElectoralProcessFactory(factory.django.DjangoModelFactory):
    """A process whose capture window is open now, so tests can capture by default."""

    class Meta:
        model = ElectoralProcess
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Proceso Electoral Local de prueba {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    institute_name = "Instituto Electoral del Estado de Prueba"
    institute_acronym = "IEEP"
    state_name = "Estado de Prueba"
    starts_on = dt.date(2023, 1, 1)
    registration_starts_on = dt.date(2023, 3, 27)
    registration_ends_on = dt.date(2023, 4, 1)
    campaign_starts_on = dt.date(2023, 4, 2)
    campaign_ends_on = dt.date(2023, 5, 31)
    election_day = dt.date(2023, 6, 4)
    capture_opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=30))
    capture_closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    publish_start = dt.date(2023, 4, 2)
    online_until = dt.date(2030, 12, 31)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("inegi_code",)

    inegi_code = factory.Sequence(lambda n: f"05{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Municipio {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ("process", "slug")

    process = factory.SubFactory(ElectoralProcessFactory)
    name = "Diputación local de mayoría relativa"
    short_name = "Diputación MR"
    slug = "diputacion-mr"
    principle = Principle.MAJORITY
    scope = OfficeScope.DISTRICT
    minimum_age = 21
    seats = 16
    has_substitutes = True
    ine_label = "DIPUTACIÓN LOCAL MR"
    sort_order = 2

    class Params:
        governorship = factory.Trait(
            name="Gubernatura",
            short_name="Gubernatura",
            slug="gubernatura",
            scope=OfficeScope.STATE,
            minimum_age=30,
            seats=1,
            has_substitutes=False,
            ine_label="GUBERNATURA",
            sort_order=1,
        )
        proportional = factory.Trait(
            name="Diputación local de representación proporcional",
            short_name="Diputación RP",
            slug="diputacion-rp",
            principle=Principle.PROPORTIONAL,
            scope=OfficeScope.LIST,
            seats=9,
            ine_label="DIPUTACIÓN LOCAL RP",
            sort_order=3,
        )


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("process", "number")

    process = factory.SubFactory(ElectoralProcessFactory)
    number = factory.Sequence(lambda n: n % 16 + 1)
    head_town = "Saltillo"

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.add(*extracted)


def _latest_process():
    """The process a party belongs to when a test names none: the latest one, as the public
    site's current process, so `PartyFactory(acronym="PAN")` twice is still one party."""
    return ElectoralProcess.objects.order_by("-election_day", "-pk").first() or (
        ElectoralProcessFactory()
    )


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("process", "acronym")

    process = factory.LazyFunction(_latest_process)

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if kwargs.get("process") is None:
            kwargs["process"] = _latest_process()
        return kwargs

    acronym = factory.Sequence(lambda n: f"P{n}")
    name = factory.LazyAttribute(lambda o: f"Partido {o.acronym}")
    slug = factory.LazyAttribute(lambda o: slugify(o.acronym))
    color = "#0A4A9F"


class CoalitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coalition

    process = factory.SubFactory(ElectoralProcessFactory)
    name = factory.Sequence(lambda n: f"Coalición {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    color = "#5B2C83"

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.add(*extracted)

    @factory.post_generation
    def offices(self, create, extracted, **kwargs):
        if create and extracted:
            self.offices.add(*extracted)


class IndependentCandidacyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndependentCandidacy

    process = factory.SubFactory(ElectoralProcessFactory)
    name = factory.Sequence(lambda n: f"Candidatura independiente {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    office = factory.SubFactory(OfficeFactory, process=factory.SelfAttribute("..process"))
