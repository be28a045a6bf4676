"""`manage.py seed_demo`: a believable Coahuila 2023 demo, built with the factories the tests use.

Synthetic people only (Faker es_MX), portraits and emblems drawn locally with Pillow. Runs once:
when the demo already exists it says so and exits, so `make run` can call it every time.
"""

import contextlib
import datetime as dt
import io
import random
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify

from wagtail.images import get_image_model
from wagtail.models import Collection, Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

import wagtail_factories
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler

from candidates.choices import AffirmativeAction, EducationLevel, EducationStatus, FormulaRole, Sex
from candidates.factories import CandidacyPageFactory, PortraitFactory, fake, text_between
from candidates.models import CandidacyPage
from candidates.tree import actor_pages, capturing_parties, ensure_process_tree
from elections.catalog_loader import load_catalog
from elections.models import Coalition, ElectoralProcess, SigladoEntry

DEMO_PROCESS_SLUG = "pelo-coahuila-2023"
DEMO_PASSWORD = "conoceles-demo"  # noqa: S105 - documented demo credential, DEBUG only
ADMINISTRATORS, MODERATORS = "Administradores IEC", "Moderadores IEC"

# Share of fórmulas in each capture state: (published complete, complete draft, incomplete draft).
STATE_WEIGHTS = (0.65, 0.15, 0.20)
AFFIRMATIVE_ACTION_SHARE = 0.08
GOVERNORSHIP_CONTENDERS = [
    ("coalition", "alianza-ciudadana-por-la-seguridad"),
    ("coalition", "rescatemos-coahuila"),
    ("party", "MORENA"),
    ("party", "PT"),
]


@contextlib.contextmanager
def deferred_indexing(models):
    """Index `models` once at the end instead of on each of the several saves a page goes through.

    A candidacy is saved on creation, on its revision and on publication; indexing (search and
    references) on every save made the demo three times slower.
    """
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)
    for model in models:
        objects = list(model.objects.all())
        for backend in get_search_backends():
            backend.add_bulk(model, objects)
        # Pages point at photos, documents and catalogs ("usage" in the admin); images point at
        # nothing an editor looks up, so their references are not worth a second per hundred.
        if issubclass(model, Page):
            for obj in objects:
                ReferenceIndex.create_or_update_for_object(obj)


def capturist_group(party):
    """The party's capturist group in its process (the name moderation.roles gives it)."""
    return f"Capturistas {party.acronym} · {party.process.slug}"


def emblem_png(label, color, size=256):
    """A round badge in the party's color with its acronym: no real logo is ever downloaded."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse([4, 4, size - 4, size - 4], fill=color, outline="white", width=8)
    font_size = int(size * (0.36 if len(label) <= 3 else 0.24))
    font = ImageFont.load_default(size=font_size)
    draw.text((size / 2, size / 2), label, fill="white", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def initials(name):
    return "".join(word[0] for word in name.split() if len(word) > 3 or word[0].isupper()).upper()


class Command(BaseCommand):
    help = (
        "Crea la demostración de Coahuila 2023 (candidaturas, fotografías y cuentas). "
        "Solo con DEBUG activo; si la demostración ya existe, no hace nada."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--distritos",
            type=int,
            default=16,
            dest="districts",
            help="Distritos de mayoría relativa con fórmulas (1–16; por omisión 16).",
        )
        parser.add_argument(
            "--posiciones-rp",
            type=int,
            default=3,
            dest="rp_positions",
            help="Fórmulas por lista de representación proporcional (por omisión 3).",
        )
        parser.add_argument("--semilla", type=int, default=2023, dest="seed")
        parser.add_argument(
            "--preparar",
            action="store_true",
            dest="prepare",
            help="Antes, aplica las migraciones y carga los catálogos (lo que hace `make run`, "
            "en un solo proceso para que el segundo arranque tarde segundos).",
        )

    def handle(self, *args, districts, rp_positions, seed, prepare=False, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo crea cuentas con contraseña conocida: solo se ejecuta con DEBUG "
                "activo (entorno de desarrollo). No lo uses en producción."
            )
        started = time.monotonic()
        if prepare:
            self.stdout.write("Aplicando migraciones y cargando catálogos…")
            call_command("migrate", interactive=False, verbosity=0)
            call_command("load_catalogs", stdout=self.stdout)
        process = ElectoralProcess.objects.filter(slug=DEMO_PROCESS_SLUG).first()
        if process is None:
            process, _ = load_catalog()
        if self.demo_exists(process):
            self.stdout.write(
                "La demostración ya existe; no se creó nada. Captura abierta "
                f"{process.capture_window_label()}."
            )
            return
        self.rng = random.Random(seed)
        fake.seed_instance(seed)
        with deferred_indexing([CandidacyPage, get_image_model()]), transaction.atomic():
            self.open_capture_window(process)
            self.draw_emblems(process)
            process_page, _ = ensure_process_tree(process)
            if "sync_roles" in get_commands():
                call_command("sync_roles", verbosity=0)
            self.actors = actor_pages(process_page)
            self.collections = {
                c.name: c for c in Collection.objects.filter(name__startswith="Partido ")
            }
            self.slugs = {}
            self.noticed = []
            self.counts = {"publicadas": 0, "borradores completos": 0, "incompletas": 0}
            offices = {office.slug: office for office in process.offices.all()}
            self.seed_governorship(process, offices["gubernatura"])
            self.seed_districts(process, offices["diputacion-mr"], districts)
            self.seed_lists(process, offices["diputacion-rp"], rp_positions)
            accounts = self.create_accounts(process)
            identity_answers = self.seed_identity(process)
            self.accept_notices()
        total = CandidacyPage.objects.filter(office__process=process).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demostración creada en {time.monotonic() - started:.1f} s: {total} candidaturas "
                f"({', '.join(f'{k}: {v}' for k, v in self.counts.items())}); "
                f"{identity_answers} con cuestionario de identidad."
            )
        )
        self.stdout.write(
            f"Ventana de captura abierta {process.capture_window_label()} para que la captura "
            "funcione en la demostración."
        )
        self.stdout.write(f"Cuentas (contraseña «{DEMO_PASSWORD}»): {', '.join(accounts)}.")

    # --- Setup ----------------------------------------------------------------------------

    @staticmethod
    def demo_exists(process):
        return (
            get_user_model().objects.filter(username="admin").exists()
            and CandidacyPage.objects.filter(office__process=process).exists()
        )

    @staticmethod
    def open_capture_window(process):
        """Capture open around today, identity data not yet blocked and the process still online:
        the 2023 calendar has all three in the past, which would leave the demo with nothing to
        capture, no badges, and every page marked as an archive."""
        now = timezone.now().replace(second=0, microsecond=0)
        process.capture_opens_at = now - dt.timedelta(days=7)
        process.capture_closes_at = now + dt.timedelta(days=60)
        process.block_at = now.date() + dt.timedelta(days=180)
        process.cancel_after = process.block_at + dt.timedelta(days=365)
        process.online_until = max(process.online_until, process.block_at)
        process.save(
            update_fields=[
                "capture_opens_at",
                "capture_closes_at",
                "block_at",
                "cancel_after",
                "online_until",
            ]
        )

    def seed_identity(self, process):
        from identity.demo import seed_identity

        users = {user.username: user for user in get_user_model().objects.all()}

        def recorder_for(candidacy):
            actor = candidacy.party or candidacy.independent
            acronym = getattr(actor, "acronym", "") or ""
            return users.get(acronym.lower()) or users["admin"]

        candidacies = (
            CandidacyPage.objects.filter(office__process=process)
            .select_related("office__process", "party", "independent")
            .order_by("pk")
        )
        return seed_identity(candidacies, recorder_for, self.rng)

    def accept_notices(self):
        """The privacy notice accepted for every published or complete candidacy: the default
        submission policy blocks without it (moderation.models.DEFAULT_BLOCKING_CHECKS), so a
        published profile without it could not have got there, and the demo's complete drafts
        can be sent to review at once. Incomplete ones keep showing the block to the party."""
        from identity.services import accept_notice

        users = {user.username: user for user in get_user_model().objects.all()}
        for page in self.noticed:
            accept_notice(page, users.get(page.party.acronym.lower()) or users["admin"])

    @staticmethod
    def draw_emblems(process):
        organizations = list(capturing_parties(process)) + list(process.coalitions.all())
        for organization in organizations:
            if organization.emblem_id:
                continue
            label = getattr(organization, "acronym", None) or initials(organization.name)
            organization.emblem = wagtail_factories.ImageFactory(
                title=f"Emblema {organization.name}",
                file=ImageFile(
                    io.BytesIO(emblem_png(label, organization.color)), name=f"{label}.png"
                ),
            )
            organization.save(update_fields=["emblem"])

    # --- Candidacies ----------------------------------------------------------------------

    def seed_governorship(self, process, office):
        for index, (kind, key) in enumerate(GOVERNORSHIP_CONTENDERS):
            coalition, party = self.contender(process, office, None, kind, key)
            sex = Sex.WOMAN if index % 2 else Sex.MAN
            self.formula(office, party, coalition, sex, state="published")

    def seed_districts(self, process, office, count):
        for district in process.districts.order_by("number")[: max(0, min(count, 16))]:
            for index, (kind, key) in enumerate(GOVERNORSHIP_CONTENDERS):
                coalition, party = self.contender(process, office, district, kind, key)
                # Parity: each contender alternates women and men across the districts.
                sex = Sex.WOMAN if (district.number + index) % 2 else Sex.MAN
                self.formula(office, party, coalition, sex, district=district)

    def seed_lists(self, process, office, positions):
        for index, party in enumerate(capturing_parties(process)):
            for position in range(1, positions + 1):
                # Lists alternate sexes, and half of them are headed by a woman.
                sex = Sex.WOMAN if (index + position) % 2 else Sex.MAN
                self.formula(office, party, None, sex, list_position=position)

    def contender(self, process, office, district, kind, key):
        if kind == "party":
            return None, next(p for p in capturing_parties(process) if p.acronym == key)
        coalition = Coalition.objects.get(process=process, slug=key)
        entry = SigladoEntry.objects.select_related("party").get(
            coalition=coalition, office=office, district=district
        )
        return coalition, entry.party

    def pick_state(self):
        roll, published, complete = self.rng.random(), STATE_WEIGHTS[0], sum(STATE_WEIGHTS[:2])
        if roll < published:
            return "published"
        return "draft" if roll < complete else "incomplete"

    def formula(self, office, party, coalition, sex, district=None, list_position=None, state=None):
        state = state or self.pick_state()
        action = ""
        if self.rng.random() < AFFIRMATIVE_ACTION_SHARE:
            action = self.rng.choice(AffirmativeAction.values)
        common = {
            "office": office,
            "party": party,
            "coalition": coalition,
            "district": district,
            "list_position": list_position,
            "sex": sex,
            "affirmative_action": action,
        }
        substitute = None
        if office.has_substitutes:
            substitute = self.person(FormulaRole.SUBSTITUTE, state, **common)
        self.person(FormulaRole.OWNER, state, substitute=substitute, **common)

    def person(self, role, state, **fields):
        party, office = fields["party"], fields["office"]
        process = office.process
        parent = self.actors[party.acronym]
        first = fake.first_name_female() if fields["sex"] == Sex.WOMAN else fake.first_name_male()
        name = f"{first} {fake.last_name()} {fake.last_name()}"
        complete = state != "incomplete"
        extra = {}
        if fields["affirmative_action"] == AffirmativeAction.YOUTH:
            extra["birth_date"] = process.election_day - dt.timedelta(
                days=365 * self.rng.randint(office.minimum_age, 29) + 40
            )
        elif fields["affirmative_action"] == AffirmativeAction.ELDERLY:
            extra["birth_date"] = process.election_day - dt.timedelta(
                days=365 * self.rng.randint(61, 75) + 40
            )
        if complete or self.rng.random() < 0.5:
            extra["photo"] = self.portrait(name, party)
        if complete:
            extra.update(self.contact(name))
            extra.update(self.education())
        else:
            extra["motivation"] = (
                text_between(process.motivation_min_chars, process.motivation_max_chars, self.rng)
                if self.rng.random() < 0.5
                else ""
            )
        page = CandidacyPageFactory(
            parent=parent,
            title=name,
            slug=self.slug_for(parent, name),
            formula_role=role,
            complete=complete,
            publish=state == "published",
            **fields,
            **extra,
        )
        if complete:
            self.noticed.append(page)
        key = {"published": "publicadas", "draft": "borradores completos"}.get(state, "incompletas")
        self.counts[key] += 1
        return page

    def slug_for(self, parent, name):
        taken = self.slugs.setdefault(parent.pk, set())
        base = slugify(name)[:70] or "candidatura"
        slug, suffix = base, 2
        while slug in taken:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(slug)
        return slug

    def portrait(self, name, party):
        collection = (
            self.collections.get(f"Partido {party.acronym} · {party.process.slug}")
            or Collection.get_first_root_node()
        )
        return PortraitFactory(title=f"Fotografía de {name}", collection=collection)

    def contact(self, name):
        handle = slugify(name).replace("-", "")[:30]
        fields = {
            "campaign_street": fake.street_name()[:200],
            "campaign_number": str(self.rng.randint(1, 2500)),
            "campaign_neighborhood": f"Col. {fake.last_name()}",
            "campaign_postal_code": f"2{self.rng.randint(5000, 7999)}",
            "campaign_town": self.rng.choice(["Saltillo", "Torreón", "Monclova", "Acuña"]),
            "facebook_url": f"https://www.facebook.com/{handle}",
            "commitment_against_corruption": self.rng.random() < 0.8,
            "commitment_against_discrimination": self.rng.random() < 0.8,
        }
        if self.rng.random() < 0.6:
            fields["x_url"] = f"https://x.com/{handle[:15]}"
        if self.rng.random() < 0.4:
            fields["instagram_url"] = f"https://www.instagram.com/{handle}"
        if self.rng.random() < 0.3:
            fields["website"] = f"https://{handle}.example.org/"
        return fields

    def education(self):
        level = self.rng.choices(
            [
                EducationLevel.HIGH_SCHOOL,
                EducationLevel.TECHNICAL,
                EducationLevel.BACHELOR,
                EducationLevel.MASTER,
                EducationLevel.DOCTORATE,
            ],
            weights=[10, 8, 50, 25, 7],
        )[0]
        status = self.rng.choice(
            [
                EducationStatus.DEGREE,
                EducationStatus.PROFESSIONAL_LICENSE,
                EducationStatus.IN_PROGRESS,
            ]
        )
        return {"education_level": level, "education_status": status}

    # --- Accounts -------------------------------------------------------------------------

    def create_accounts(self, process):
        User = get_user_model()
        made = []
        # One hash for the shared demo password: hashing it once per account cost seconds.
        password_hash = make_password(DEMO_PASSWORD)

        def account(username, groups, superuser=False):
            user = User.objects.filter(username=username).first()
            if user is None:
                email = f"{username}@demo.conoceles.example"
                user = User.objects.create(
                    username=username,
                    email=email,
                    password=password_hash,
                    is_staff=superuser,
                    is_superuser=superuser,
                )
                made.append(username)
            for name in groups:
                user.groups.add(Group.objects.get_or_create(name=name)[0])

        account("admin", [ADMINISTRATORS], superuser=True)
        account("moderador", [MODERATORS])
        for party in capturing_parties(process):
            account(party.acronym.lower(), [capturist_group(party)])
        return made
