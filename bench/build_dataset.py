"""Build 20,000 published candidacies on PostgreSQL, fast, for the open-data benchmark.

    createdb -h 127.0.0.1 -U postgres conoceles_h5bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conoceles_h5bench \
        .venv/bin/python manage.py migrate
    .venv/bin/python bench/build_dataset.py [--count 20000]

Pages are inserted with `candidates.bulk.add_live_children` (the path the INE import uses): each
ends live with its revision, log entry and search-index entry, as if published, without the
hour that add_child/publish one by one would take. A third of the people answer the identity
questionnaire, with mixed consents.
"""

import argparse
import random
import time

from _django import setup

setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from candidates.bulk import add_live_children, group_by_parent  # noqa: E402
from candidates.choices import EducationLevel, EducationStatus, FormulaRole, Sex  # noqa: E402
from candidates.models import CandidacyPage, CapturingActorPage  # noqa: E402
from elections.models import ElectoralProcess, OfficeScope  # noqa: E402

WORDS = [
    "propuesta",
    "desarrollo",
    "seguridad",
    "agua",
    "empleo",
    "salud",
    "educación",
    "transporte",
    "cultura",
    "mujeres",
    "jóvenes",
    "campo",
    "industria",
    "vivienda",
    "transparencia",
    "medio",
    "ambiente",
]


def text(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def build(count, seed=7):
    from django.conf import settings

    # The open-data benchmark measures the exports itself; no rebuild after the load.
    settings.OPEN_DATA_AUTO_REGENERATE = False
    rng = random.Random(seed)
    call_command("load_catalogs", verbosity=0)
    process = ElectoralProcess.objects.order_by("-election_day").first()
    actors = list(
        CapturingActorPage.objects.descendant_of(process.page).filter(party__isnull=False)
    )
    offices = list(process.offices.all())
    districts = list(process.districts.all())
    existing = CandidacyPage.objects.filter(office__process=process).count()
    if existing >= count:
        print(f"Ya hay {existing} candidaturas: nada que hacer.")
        return
    started = time.perf_counter()
    with transaction.atomic():
        batch = []
        for n in range(existing, count):
            actor = actors[n % len(actors)]
            office = offices[n % len(offices)]
            role = FormulaRole.SUBSTITUTE if office.has_substitutes and n % 2 else FormulaRole.OWNER
            page = CandidacyPage(
                title=f"Persona {n} {rng.choice(WORDS).title()}",
                slug=f"bench-{n}",
                office=office,
                formula_role=role,
                district=rng.choice(districts) if office.scope == OfficeScope.DISTRICT else None,
                list_position=(n % 20) + 1 if office.scope == OfficeScope.LIST else None,
                party=actor.party,
                sex=rng.choice(Sex.values),
                registered_age=rng.randint(21, 80),
                external_id=str(100000 + n),
                public_email=f"persona{n}@example.org",
                public_phone=f"844{n:07d}",
                campaign_street=f"Calle {n}",
                motivation=text(rng, 60),
                gender_proposal=text(rng, 50),
                proposals=[("proposal", {"title": "Propuesta", "description": text(rng, 50)})] * 2,
                political_trajectory=[("text", text(rng, 60))],
                professional_history=[("text", text(rng, 60))],
                education_level=rng.choice(EducationLevel.values),
                education_status=rng.choice(EducationStatus.values),
            )
            batch.append((actor, page))
            if len(batch) == 1000:
                add_live_children(group_by_parent(batch))
                batch = []
        add_live_children(group_by_parent(batch))
        _identity(process, rng)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics after a bulk load, or the planner guesses
    total = CandidacyPage.objects.filter(office__process=process).count()
    print(f"{total} candidaturas en {elapsed:.1f} s ({(total - existing) / elapsed:.0f} filas/s)")


def _identity(process, rng):
    from identity.models import ConsentRecord, IdentityQuestionnaire
    from identity.questions import ITEMS

    ids = list(
        CandidacyPage.objects.filter(
            office__process=process, identity_questionnaire__isnull=True
        ).values_list("pk", flat=True)[::3]
    )
    questionnaires, consents = [], []
    now = timezone.now()
    for pk in ids:
        answers = {item.field: rng.choice(item.options) for item in ITEMS if item.options}
        questionnaires.append(IdentityQuestionnaire(candidacy_id=pk, **answers))
        publication = rng.random() < 0.5
        consents.append(
            ConsentRecord(
                candidacy_id=pk, processing=True, processing_at=now,
                publication=publication, publication_at=now if publication else None,
                statistics=True, statistics_at=now,
            )
        )  # fmt: skip
    IdentityQuestionnaire.objects.bulk_create(questionnaires, batch_size=1000)
    ConsentRecord.objects.bulk_create(consents, batch_size=1000, ignore_conflicts=True)
    print(f"{len(ids)} cuestionarios de identidad")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=20000)
    args = parser.parse_args()
    print(f"Base de datos: {connection.settings_dict['NAME']}")
    build(args.count)
