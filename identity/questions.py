"""The twenty items of the identity questionnaire, in INE's order, wording and vocabulary.

Answers are stored as INE's own strings ("Sí", "Prefiero no contestar", "De $11,001 a $25,000"...)
so that import and export in INE's layout are lossless; an empty string means "sin respuesta".
The wording of each item is copied from the second sheet (`CUESTIONARIO IDENTIDAD`) of INE's
open-data export.
"""

from dataclasses import dataclass, field

YES = "Sí"
NO = "No"
PREFER_NOT = "Prefiero no contestar"
NOT_APPLICABLE = "No aplica"
NO_ANSWER = ""
# INE writes an unanswered cell as a single space.
INE_BLANK = " "

YES_NO = (YES, NO, PREFER_NOT)

# Catálogo de pueblos indígenas (INPI), with Coahuila's Kikapú and the Mascogo community.
INDIGENOUS_PEOPLES = (
    "Kikapú",
    "Mascogo",
    "Akateko",
    "Amuzgo",
    "Awakateko",
    "Ayapaneco",
    "Chatino",
    "Chichimeco jonaz",
    "Chinanteco",
    "Chocholteco",
    "Chontal de Oaxaca",
    "Chontal de Tabasco",
    "Chuj",
    "Ch'ol",
    "Cora",
    "Cucapá",
    "Cuicateco",
    "Guarijío",
    "Huasteco",
    "Huave",
    "Huichol",
    "Ixcateco",
    "Ixil",
    "Jakalteko",
    "Kaqchikel",
    "K'iche'",
    "Kiliwa",
    "Kumiai",
    "Lacandón",
    "Mam",
    "Matlatzinca",
    "Maya",
    "Mayo",
    "Mazahua",
    "Mazateco",
    "Mixe",
    "Mixteco",
    "Náhuatl",
    "Oluteco",
    "Otomí",
    "Paipai",
    "Pame",
    "Pápago",
    "Pima",
    "Popoloca",
    "Popoluca de la Sierra",
    "Purépecha",
    "Q'anjob'al",
    "Qato'k",
    "Q'eqchí'",
    "Sayulteco",
    "Seri",
    "Tarahumara",
    "Teko",
    "Tepehua",
    "Tepehuano del norte",
    "Tepehuano del sur",
    "Texistepequeño",
    "Tlahuica",
    "Tlapaneco",
    "Tojolabal",
    "Totonaco",
    "Triqui",
    "Tseltal",
    "Tsotsil",
    "Yaqui",
    "Zapoteco",
    "Zoque",
    "Afromexicano",
    "Otro",
    NOT_APPLICABLE,
    PREFER_NOT,
)

DISABILITY_DURATIONS = ("Permanente", "Temporal", PREFER_NOT)
DISABILITY_TYPES = ("Física", "Sensorial", "Intelectual", "Psicosocial", "Múltiple", PREFER_NOT)
DISABILITY_LIMITATIONS = (
    "Caminar, subir o bajar usando sus piernas",
    "Ver, aun usando lentes",
    "Mover o usar brazos y/o manos",
    "Aprender, recordar o concentrarse",
    "Escuchar, aun usando aparato auditivo",
    "Bañarse, vestirse o comer",
    "Hablar o comunicarse",
    "Realizar sus actividades diarias por problemas emocionales o mentales",
    PREFER_NOT,
)
LGBT_IDENTITIES = (
    "Mujer lesbiana",
    "Hombre gay",
    "Persona bisexual",
    "Mujer trans",
    "Hombre trans",
    "Persona travesti",
    "Persona transexual",
    "Persona intersexual",
    "Queer",
    "Persona no binaria",
    "Otra",
    PREFER_NOT,
)
COUNTRIES_OF_RESIDENCE = (
    "Estados Unidos de América",
    "Canadá",
    "España",
    "Guatemala",
    "Belice",
    "Colombia",
    "Argentina",
    "Chile",
    "Alemania",
    "Francia",
    "Reino Unido",
    "Otro país",
    PREFER_NOT,
)
YEARS_ABROAD = (
    "Menos de 1 año",
    "De 1 a 5 años",
    "De 6 a 10 años",
    "Más de 10 años",
    PREFER_NOT,
)
REASONS_ABROAD = ("Familiar", "Laboral", "Estudios", "Seguridad", "Otro", PREFER_NOT)
INCOME_BANDS = (
    "No recibe ingresos",
    "Menos de $11,000",
    "De $11,001 a $25,000",
    "De $25,001 a $50,000",
    "De $50,001 a $75,000",
    "De $75,001 a $112,000",
    "Más de $112,000",
    PREFER_NOT,
)
INCOME_SOURCES = (
    "Salario",
    "Negocio propio",
    "Compañía o empresa registrada, con 5 empleados o más",
    "No ha laborado en los 3 meses anteriores",
    PREFER_NOT,
)
BIRTH_STATES = (
    "Aguascalientes",
    "Baja California",
    "Baja California Sur",
    "Campeche",
    "Chiapas",
    "Chihuahua",
    "Ciudad de México",
    "Coahuila de Zaragoza",
    "Colima",
    "Durango",
    "Guanajuato",
    "Guerrero",
    "Hidalgo",
    "Jalisco",
    "México",
    "Michoacán de Ocampo",
    "Morelos",
    "Nayarit",
    "Nuevo León",
    "Oaxaca",
    "Puebla",
    "Querétaro",
    "Quintana Roo",
    "San Luis Potosí",
    "Sinaloa",
    "Sonora",
    "Tabasco",
    "Tamaulipas",
    "Tlaxcala",
    "Veracruz de Ignacio de la Llave",
    "Yucatán",
    "Zacatecas",
    "Nació en el extranjero",
    PREFER_NOT,
)


@dataclass(frozen=True)
class Item:
    number: int
    field: str
    header: str  # INE's column header, verbatim
    options: tuple
    depends_on: str | None = None  # this item applies only when `depends_on` was answered "Sí"
    badge: str | None = None  # AffirmativeAction value a "Sí" stands for
    help_text: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def label(self):
        """The question without INE's leading number."""
        return self.header.split(". ", 1)[1].strip()


ITEMS = (
    Item(
        1,
        "indigenous",
        "1. ¿Se identifica como una persona indígena o como parte de algún pueblo o comunidad "
        "indígena?",
        YES_NO,
        badge="indigena",
    ),
    Item(
        2, "indigenous_language", "2. ¿Habla y/o entiende alguna lengua indígena nacional?", YES_NO
    ),
    Item(
        3,
        "indigenous_people",
        "3. ¿A qué pueblo y/o comunidad indígena pertenece?",
        INDIGENOUS_PEOPLES,
        depends_on="indigenous",
    ),
    Item(4, "disability", "4. ¿Tiene alguna discapacidad?", YES_NO, badge="discapacidad"),
    Item(
        5,
        "disability_duration",
        "5. En caso de haber respondido afirmativamente la pregunta anterior, El tipo de "
        "discapacidad con el que vive es:",
        DISABILITY_DURATIONS,
        depends_on="disability",
    ),
    Item(
        6,
        "disability_type",
        "6. En caso afirmativo, ¿de qué tipo?",
        DISABILITY_TYPES,
        depends_on="disability",
    ),
    Item(
        7,
        "disability_limitation",
        "7. Su discapacidad le dificulta o impide:",
        DISABILITY_LIMITATIONS,
        depends_on="disability",
    ),
    Item(
        8,
        "afro_mexican",
        "8. ¿Se considera una persona afromexicana o que forma parte de alguna comunidad "
        "afrodescendiente?",
        YES_NO,
        badge="afromexicana",
    ),
    Item(
        9,
        "lgbtttiq",
        "9. ¿Es usted una persona de la población LGBTTTIQ+ (Lesbiana, Gay, Bisexual, Transgénero, "
        "Travesti, Transexual, Intersexual, Queer, No Binaria, u otra)?",
        YES_NO,
        badge="lgbtttiq",
    ),
    Item(
        10,
        "lgbtttiq_identity",
        "10. En caso de haber respondido afirmativamente a la pregunta anterior, usted se "
        "identifica como:",
        LGBT_IDENTITIES,
        depends_on="lgbtttiq",
    ),
    Item(11, "migrant", "11. ¿Es usted migrante?", YES_NO, badge="migrante"),
    Item(
        12,
        "country_of_residence",
        "12. ¿En qué país reside?",
        COUNTRIES_OF_RESIDENCE,
        depends_on="migrant",
    ),
    Item(
        13,
        "years_abroad",
        "13. ¿Cuánto tiempo ha vivido en el extranjero?",
        YEARS_ABROAD,
        depends_on="migrant",
    ),
    Item(
        14,
        "reason_abroad",
        "14. ¿Cuál fue el motivo de la residencia en el extranjero?",
        REASONS_ABROAD,
        depends_on="migrant",
    ),
    Item(
        15,
        "regular_status_abroad",
        "15. Cuando emigró, ¿se encontraba con una situación regular de trabajo o con un lugar "
        "asegurado en alguna institución educativa del país extranjero?",
        YES_NO,
        depends_on="migrant",
    ),
    Item(
        16,
        "young",
        "16. ¿Es parte de la población joven (entre 18 y 29 años)?",
        YES_NO,
        badge="joven",
    ),
    Item(
        17,
        "elderly",
        "17. ¿Es parte de la población de personas mayores (60 años o más)?",
        YES_NO,
        badge="persona_mayor",
    ),
    Item(
        18,
        "income_band",
        "18. ¿En cuál de los siguientes grupos de ingresos se encuentra?",
        INCOME_BANDS,
        help_text="Ingreso mensual. Nunca se publica de forma individual.",
    ),
    Item(
        19,
        "income_source",
        "19. Su fuente principal de ingresos es:",
        INCOME_SOURCES,
        help_text="Nunca se publica de forma individual.",
    ),
    Item(20, "birth_state", "20. Entidad federativa de nacimiento: ", BIRTH_STATES),
)

FIELDS = tuple(item.field for item in ITEMS)
ITEMS_BY_FIELD = {item.field: item for item in ITEMS}
BADGE_ITEMS = tuple(item for item in ITEMS if item.badge)
INCOME_FIELDS = ("income_band", "income_source")
# Max length of any stored answer, for the model's CharFields.
MAX_ANSWER_LENGTH = max(len(option) for item in ITEMS for option in item.options)


def applies(item, answers):
    """Whether a conditional item applies given the other answers (a mapping field → value)."""
    return item.depends_on is None or answers.get(item.depends_on) == YES
