"""Page factories for the candidacy tree; tests and `seed_demo` share them.

`CandidacyPageFactory(parent=actor_page, complete=True)` gives a questionnaire that passes every
rule of its process; `publish=True` publishes it through a revision, as a moderator would.
"""

import io
import random

from django.core.files.images import ImageFile

import factory
import wagtail_factories
from faker import Faker

from elections.factories import (
    DistrictFactory,
    ElectoralProcessFactory,
    OfficeFactory,
    PartyFactory,
)
from elections.models import OfficeScope
from home.models import HomePage

from .choices import EducationLevel, EducationStatus, FormulaRole, Sex
from .models import CandidacyPage, CapturingActorPage, ProcessPage

fake = Faker("es_MX")


def text_between(minimum, maximum, rng=None):
    """Synthetic Spanish prose whose length lies within [minimum, maximum]."""
    rng = rng or random
    target = rng.randint(minimum + 20, max(minimum + 21, min(maximum - 20, minimum * 2)))
    words = []
    while len(" ".join(words)) < target:
        words.append(fake.word())
    text = " ".join(words).capitalize()[: maximum - 1].rstrip() + "."
    return text


def home_page():
    return HomePage.objects.get(depth=2)


def portrait_png(seed, size=600):
    """A neutral synthetic portrait (no photo of anybody), drawn locally."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    background = tuple(rng.randint(150, 230) for _ in range(3))
    skin = rng.choice([(141, 85, 36), (198, 134, 66), (224, 172, 105), (241, 194, 125)])
    clothes = tuple(rng.randint(20, 120) for _ in range(3))
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    s = size
    draw.ellipse([s * 0.15, s * 0.68, s * 0.85, s * 1.3], fill=clothes)
    draw.ellipse([s * 0.32, s * 0.18, s * 0.68, s * 0.62], fill=skin)
    hair = tuple(rng.randint(10, 90) for _ in range(3))
    draw.chord([s * 0.30, s * 0.14, s * 0.70, s * 0.48], 180, 360, fill=hair)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


class PortraitFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Fotografía {n}")
    file = factory.LazyAttribute(
        lambda o: ImageFile(io.BytesIO(portrait_png(o.title)), name="fotografia.png")
    )


class ProcessPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProcessPage

    title = factory.LazyAttribute(lambda o: o.process.name)
    slug = factory.LazyAttribute(lambda o: o.process.slug)
    process = factory.SubFactory(ElectoralProcessFactory)
    parent = factory.LazyFunction(home_page)


class CapturingActorPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CapturingActorPage

    # A party of the parent page's process: the capture page of a party of another process
    # would let its capturists into this one.
    party = factory.LazyAttribute(
        lambda o: PartyFactory(process=o.parent.specific.process if o.parent else None)
    )
    independent = None
    title = factory.LazyAttribute(lambda o: (o.party or o.independent).name)
    slug = factory.LazyAttribute(lambda o: (o.party or o.independent).slug)


def _district_for(o):
    if o.office.scope != OfficeScope.DISTRICT:
        return None
    return DistrictFactory(process=o.office.process)


class CandidacyPageFactory(wagtail_factories.PageFactory):
    """A candidacy under `parent` (a CapturingActorPage).

    Params: `complete` fills every questionnaire section within the process limits; `publish`
    publishes through a revision (otherwise the page is a draft, never live).
    """

    class Meta:
        model = CandidacyPage
        skip_postgeneration_save = True

    class Params:
        complete = False

    title = factory.LazyFunction(
        lambda: f"{fake.first_name()} {fake.last_name()} {fake.last_name()}"
    )
    slug = factory.Sequence(lambda n: f"candidatura-{n}")
    office = factory.SubFactory(OfficeFactory)
    district = factory.LazyAttribute(_district_for)
    list_position = factory.LazyAttribute(
        lambda o: 1 if o.office.scope == OfficeScope.LIST else None
    )
    party = factory.LazyAttribute(lambda o: o.parent.specific.party if o.parent else None)
    independent = factory.LazyAttribute(
        lambda o: o.parent.specific.independent if o.parent else None
    )
    formula_role = FormulaRole.OWNER
    sex = factory.Iterator([Sex.WOMAN, Sex.MAN])
    birth_date = factory.LazyFunction(lambda: fake.date_of_birth(minimum_age=36, maximum_age=72))
    live = False

    motivation = factory.Maybe(
        "complete",
        factory.LazyAttribute(
            lambda o: text_between(
                o.office.process.motivation_min_chars, o.office.process.motivation_max_chars
            )
        ),
        "",
    )
    gender_proposal = factory.Maybe(
        "complete",
        factory.LazyAttribute(
            lambda o: text_between(
                o.office.process.proposal_min_chars, o.office.process.proposal_max_chars
            )
        ),
        "",
    )
    proposals = factory.Maybe(
        "complete",
        factory.LazyAttribute(
            lambda o: [
                (
                    "proposal",
                    {
                        "title": fake.sentence(nb_words=5).rstrip("."),
                        "description": text_between(
                            o.office.process.proposal_min_chars, o.office.process.proposal_max_chars
                        ),
                    },
                )
                for _ in range(2)
            ]
        ),
        factory.LazyFunction(list),
    )
    political_trajectory = factory.Maybe(
        "complete",
        factory.LazyAttribute(
            lambda o: [("text", text_between(o.office.process.history_min_chars, 900))]
        ),
        factory.LazyFunction(list),
    )
    professional_history = factory.Maybe(
        "complete",
        factory.LazyAttribute(
            lambda o: [
                (
                    "job",
                    {
                        "position": fake.job()[:200],
                        "organization": fake.company()[:200],
                        "start_year": 2010,
                        "end_year": 2018,
                        "description": text_between(o.office.process.history_min_chars, 900),
                    },
                )
            ]
        ),
        factory.LazyFunction(list),
    )
    education_level = factory.Maybe("complete", EducationLevel.BACHELOR, "")
    education_status = factory.Maybe("complete", EducationStatus.DEGREE, "")
    public_email = factory.Maybe(
        "complete", factory.Sequence(lambda n: f"candidatura{n}@example.org"), ""
    )
    public_phone = factory.Maybe("complete", factory.Sequence(lambda n: f"844{n:07d}"), "")

    @factory.post_generation
    def publish(obj, create, extracted, **kwargs):
        """Every candidacy gets a revision (as the admin would make); publish=True publishes it."""
        if not create:
            return
        revision = obj.save_revision()
        if extracted:
            revision.publish()
            obj.refresh_from_db()


def build_process_tree(process=None, parties=("PAN", "PRI")):
    """A process page with one actor page per party acronym; returns (process_page, {acr: page})."""
    process = process or ElectoralProcessFactory()
    process_page = ProcessPageFactory(process=process)
    actors = {}
    for acronym in parties:
        party = PartyFactory(process=process, acronym=acronym)
        actors[acronym] = CapturingActorPageFactory(parent=process_page, party=party)
    return process_page, actors
