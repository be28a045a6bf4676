"""A registered person's candidacy and the curricular questionnaire they answer.

Each person of a fórmula (propietaria/propietario and suplente) has a page of their own. The
identity questionnaire is NOT here: page fields are copied into every revision, so sensitive data
lives in its own model (see the identity app).
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property

from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from elections.models import OfficeScope

from ..blocks import (
    COURSE_BLOCKS,
    PROFESSIONAL_BLOCKS,
    PROPOSAL_BLOCKS,
    STUDY_BLOCKS,
    TRAJECTORY_BLOCKS,
    stream_text,
)
from ..choices import AffirmativeAction, EducationLevel, EducationStatus, FormulaRole, Sex
from ..ordering import KEY_LENGTH, key_of
from ..page_permissions import tester_for
from ..validators import (
    SocialNetworkURLValidator,
    phone_validator,
    postal_code_validator,
    validate_https_url,
    validate_video_url,
)
from .candidacy_panels import EDIT_HANDLER

NOT_PROVIDED = "La candidatura no proporcionó información"
NOT_APPLICABLE = "No aplica"


class CandidacyPage(Page):
    # --- Registration (from the official registry) -------------------------------------------
    office = models.ForeignKey(
        "elections.Office",
        on_delete=models.PROTECT,
        related_name="candidacies",
        verbose_name="cargo",
    )
    formula_role = models.CharField(
        "tipo de candidatura",
        max_length=12,
        choices=FormulaRole.choices,
        default=FormulaRole.OWNER,
    )
    district = models.ForeignKey(
        "elections.District",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidacies",
        verbose_name="distrito",
    )
    municipality = models.ForeignKey(
        "elections.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidacies",
        verbose_name="municipio",
        help_text="Solo para cargos municipales.",
    )
    list_position = models.PositiveSmallIntegerField(
        "número de lista o fórmula", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    party = models.ForeignKey(
        "elections.Party",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidacies",
        verbose_name="partido que postula",
        help_text="En coalición, el partido al que corresponde según el siglado.",
    )
    coalition = models.ForeignKey(
        "elections.Coalition",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidacies",
        verbose_name="coalición o candidatura común",
    )
    independent = models.ForeignKey(
        "elections.IndependentCandidacy",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidacies",
        verbose_name="candidatura independiente",
    )
    substitute = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="principal",
        verbose_name="suplente",
        help_text="La página de la persona suplente de esta fórmula.",
    )
    sex = models.CharField("sexo", max_length=1, choices=Sex.choices)
    birth_date = models.DateField(
        "fecha de nacimiento",
        null=True,
        blank=True,
        help_text="Del registro. Nunca se publica: solo sirve para calcular la edad.",
    )
    registered_age = models.PositiveSmallIntegerField(
        "edad registrada",
        null=True,
        blank=True,
        validators=[MinValueValidator(18), MaxValueValidator(120)],
        help_text="Solo cuando el registro no tiene fecha de nacimiento.",
    )
    age = models.PositiveSmallIntegerField("edad", null=True, blank=True, editable=False)
    affirmative_action = models.CharField(
        "acción afirmativa",
        max_length=20,
        choices=AffirmativeAction.choices,
        blank=True,
        help_text="Grupo bajo el que se registró la candidatura, si aplica (dato público).",
    )
    alias = models.CharField(
        "sobrenombre",
        max_length=100,
        blank=True,
        help_text="Como se le conoce públicamente, si se registró (INE y OPL: SOBRENOMBRE).",
    )
    circumscription = models.PositiveSmallIntegerField(
        "circunscripción",
        null=True,
        blank=True,
        help_text="Solo representación proporcional por circunscripción (INE: CIRCUNSCRIPCION).",
    )
    external_id = models.CharField(
        "identificador del registro",
        max_length=40,
        blank=True,
        db_index=True,
        help_text="Clave de la candidatura en el registro oficial o en Conóceles del INE.",
    )

    # --- Datos generales ---------------------------------------------------------------------
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="fotografía",
        help_text="JPEG o PNG; debe identificar a la persona, sin logotipos ni lemas.",
    )
    campaign_street = models.CharField("calle", max_length=200, blank=True)
    campaign_number = models.CharField("número", max_length=40, blank=True)
    campaign_neighborhood = models.CharField("colonia", max_length=150, blank=True)
    campaign_postal_code = models.CharField(
        "código postal", max_length=5, blank=True, validators=[postal_code_validator]
    )
    campaign_town = models.CharField("localidad o municipio", max_length=150, blank=True)
    public_email = models.EmailField("correo electrónico público", blank=True)
    public_phone = models.CharField(
        "teléfono público", max_length=10, blank=True, validators=[phone_validator]
    )
    website = models.URLField("página web", blank=True, validators=[validate_https_url])
    facebook_url = models.URLField(
        "Facebook", blank=True, validators=[SocialNetworkURLValidator("facebook")]
    )
    x_url = models.URLField("X (Twitter)", blank=True, validators=[SocialNetworkURLValidator("x")])
    instagram_url = models.URLField(
        "Instagram", blank=True, validators=[SocialNetworkURLValidator("instagram")]
    )
    youtube_url = models.URLField(
        "YouTube", blank=True, validators=[SocialNetworkURLValidator("youtube")]
    )
    tiktok_url = models.URLField(
        "TikTok", blank=True, validators=[SocialNetworkURLValidator("tiktok")]
    )
    other_social_url = models.URLField(
        "otra red social", blank=True, validators=[validate_https_url]
    )

    # --- Aspiración al cargo -----------------------------------------------------------------
    motivation = models.TextField("¿Por qué quiere ocupar un cargo público?", blank=True)
    video_url = models.URLField(
        "video público",
        blank=True,
        validators=[validate_video_url],
        help_text="Enlace a YouTube, Vimeo, Facebook o TikTok.",
    )
    three_of_three = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="documento «3 de 3»",
        help_text="Formato «3 de 3» contra la violencia, firmado, en PDF.",
    )
    commitment_against_corruption = models.BooleanField(
        "compromiso contra la corrupción", default=False
    )
    commitment_against_discrimination = models.BooleanField(
        "compromiso contra la discriminación", default=False
    )

    # --- Propuestas políticas ----------------------------------------------------------------
    proposals = StreamField(
        PROPOSAL_BLOCKS,
        blank=True,
        block_counts={"proposal": {"max_num": 2}},
        verbose_name="propuestas",
        help_text="Exactamente dos propuestas.",
    )
    gender_proposal = models.TextField(
        "Propuesta en materia de género o de grupos en situación de discriminación", blank=True
    )

    # --- Trayectoria política ----------------------------------------------------------------
    political_trajectory = StreamField(
        TRAJECTORY_BLOCKS,
        blank=True,
        verbose_name="trayectoria política y/o participación social",
    )

    # --- Historia profesional o laboral ------------------------------------------------------
    professional_history = StreamField(
        PROFESSIONAL_BLOCKS, blank=True, verbose_name="historia profesional y/o laboral"
    )
    education_level = models.CharField(
        "grado máximo de estudios", max_length=20, choices=EducationLevel.choices, blank=True
    )
    education_status = models.CharField(
        "estatus del grado", max_length=20, choices=EducationStatus.choices, blank=True
    )
    studies = StreamField(STUDY_BLOCKS, blank=True, verbose_name="estudios")
    courses = StreamField(COURSE_BLOCKS, blank=True, verbose_name="cursos y otra formación")

    curricular_complete = models.BooleanField(
        "cuestionario curricular completo", default=False, editable=False
    )
    # The public order as one indexed value (candidates.ordering): the listing sorts by it.
    public_order = models.CharField(
        "orden público", max_length=KEY_LENGTH, blank=True, default="", editable=False
    )

    # --- Admin -------------------------------------------------------------------------------
    # Registration data freezes once the IEC approved it: ModerationConfig.ready() sets
    # `base_form_class` to moderation.forms.ModeratedCandidacyPageForm (models import no form).

    edit_handler = EDIT_HANDLER

    search_fields = Page.search_fields + [
        index.SearchField("motivation"),
        index.SearchField("gender_proposal"),
        index.SearchField("proposals_text"),
        index.SearchField("trajectory_text"),
        index.SearchField("professional_text"),
        index.FilterField("office"),
        index.FilterField("district"),
        index.FilterField("municipality"),
        index.FilterField("party"),
        index.FilterField("coalition"),
        index.FilterField("independent"),
        index.FilterField("sex"),
        index.FilterField("education_level"),
        index.FilterField("affirmative_action"),
        index.FilterField("formula_role"),
        index.FilterField("age"),
        index.FilterField("live"),
        index.RelatedFields("office", [index.SearchField("name")]),
    ]

    parent_page_types = ["candidates.CapturingActorPage"]
    subpage_types = []

    class Meta:
        verbose_name = "candidatura"
        verbose_name_plural = "candidaturas"
        indexes = [
            models.Index(fields=["office", "district"], name="candidacy_office_district"),
            models.Index(fields=["sex"], name="candidacy_sex"),
            models.Index(fields=["age"], name="candidacy_age"),
            models.Index(fields=["education_level"], name="candidacy_education"),
            models.Index(fields=["public_order", "page_ptr"], name="candidacy_public_order"),
            # A contest's rivals and a listing filtered by office, in order (index scan, no sort).
            models.Index(fields=["office", "public_order"], name="candidacy_office_order"),
        ]

    # --- Derived values ----------------------------------------------------------------------

    @cached_property
    def process(self):
        return self.office.process

    def compute_age(self):
        if self.birth_date and self.office_id:
            return self.process.age_on_election_day(self.birth_date)
        return self.registered_age

    @property
    def actor(self):
        return self.independent or self.party

    @property
    def display_organization(self):
        """What the public sees as the postulating force: the coalition when there is one."""
        return self.coalition or self.independent or self.party

    @property
    def formula_role_label(self):
        if self.formula_role == FormulaRole.SUBSTITUTE:
            return "Suplente"
        return "Propietaria" if self.sex == Sex.WOMAN else "Propietario"

    @property
    def formula_partner(self):
        """The other person of the fórmula, if any (principal ↔ substitute)."""
        if self.formula_role == FormulaRole.SUBSTITUTE:
            return getattr(self, "principal", None)
        return self.substitute

    @property
    def district_applies(self):
        return self.office.scope == OfficeScope.DISTRICT if self.office_id else False

    @property
    def campaign_address(self):
        street = " ".join(p for p in [self.campaign_street, self.campaign_number] if p)
        parts = [street, self.campaign_neighborhood]
        if self.campaign_postal_code:
            parts.append(f"C.P. {self.campaign_postal_code}")
        parts.append(self.campaign_town)
        return ", ".join(p for p in parts if p)

    @property
    def social_links(self):
        """(label, url) of each network given, in the form's order."""
        fields = [
            ("Facebook", self.facebook_url),
            ("X", self.x_url),
            ("Instagram", self.instagram_url),
            ("YouTube", self.youtube_url),
            ("TikTok", self.tiktok_url),
            ("Otra red", self.other_social_url),
        ]
        return [(label, url) for label, url in fields if url]

    def proposals_text(self):
        return stream_text(self.proposals)

    def trajectory_text(self):
        return stream_text(self.political_trajectory)

    def professional_text(self):
        return stream_text(self.professional_history)

    def courses_text(self):
        return stream_text(self.courses)

    def missing_sections(self):
        """Questionnaire sections still empty or short of the process limits, as Spanish labels."""
        from ..completeness import missing_sections

        return missing_sections(self)

    def permissions_for_user(self, user):
        """Tree permissions plus the capture window and reviewer rules (moderation.rules), through
        the tester moderation registers (candidates.page_permissions)."""
        return tester_for(self, user)

    # --- Public profile ----------------------------------------------------------------------

    # The profile's context (candidates.views.profile.profile_context) lives in the views layer,
    # above the models: CandidatesConfig.ready() installs it here, so the model never imports a
    # view (pyproject's import contracts).
    profile_context_builder = None

    def get_context(self, request, *args, **kwargs):
        if self.profile_context_builder is None:
            raise ImproperlyConfigured("candidates.apps.CandidatesConfig.ready() did not run.")
        context = super().get_context(request, *args, **kwargs)
        context.update(self.profile_context_builder(request))
        return context

    def get_view_restrictions(self):
        """The restrictions over this page, from the rows the request has read already
        (candidates.restrictions): Wagtail's own reads the ancestors, then their restrictions.
        An alias takes its source's restrictions: Wagtail's code resolves that."""
        if self.alias_of_id:
            return super().get_view_restrictions()
        from ..restrictions import restrictions_over

        return restrictions_over(self)

    def get_template(self, request, *args, **kwargs):
        if request.GET.get("ficha"):
            return "candidates/candidacy_ficha.html"
        return super().get_template(request, *args, **kwargs)

    def serve(self, request, *args, **kwargs):
        from home.caching import page_cache_headers

        from ..profile_cache import serve_cached

        def render():
            return super(CandidacyPage, self).serve(request, *args, **kwargs)

        response = serve_cached(self, request, render)
        return page_cache_headers(request, response)

    # What refresh_derived_fields() reads: bulk writers prefetch it once for many pages.
    derived_fields_relations = (
        "office__process",
        "district",
        "municipality",
        "party",
        "coalition__members",
        "coalition__offices",
        "independent",
        "substitute",
    )

    def refresh_derived_fields(self):
        """Stored copies of computed values the listing filters on (also run by bulk loads)."""
        self.age = self.compute_age()
        self.curricular_complete = not self.missing_sections()
        self.public_order = key_of(self)

    def save(self, *args, **kwargs):
        self.refresh_derived_fields()
        super().save(*args, **kwargs)
