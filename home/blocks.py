"""Blocks of the institute's information pages (preguntas frecuentes and the like)."""

from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape
from django.utils.safestring import mark_safe

from wagtail import blocks

ANSWER_FEATURES = ["bold", "italic", "link", "ol", "ul"]

# Words the institute may type in an answer, replaced by the site's current settings, so a text
# written once stays right when the institute's name, e-mail or process changes.
PLACEHOLDERS_HELP = (
    "Puede escribir [instituto], [proceso], [correo] o [como-corregir] (el texto de "
    "correcciones de la configuración del instituto): se sustituyen al mostrar la página."
)


def _placeholders(context):
    from candidates.filters import public_catalog

    request = context.get("request") if context else None
    institute = _institute(request)
    process = public_catalog()["process"]
    name = institute.display_name if institute else "Instituto electoral"
    email = institute.email if institute else ""
    if institute and institute.corrections_text:
        corrections = linebreaksbr(institute.corrections_text, autoescape=True)
    else:
        contact = f' (<a href="mailto:{escape(email)}">{escape(email)}</a>)' if email else ""
        corrections = (
            f"Escribe al {escape(name)}{contact} indicando la candidatura y el apartado; la "
            "corrección la hace el partido o la candidatura y el Instituto la vuelve a revisar "
            "antes de publicarla."
        )
    return {
        "[instituto]": escape(name),
        "[proceso]": escape(process.name) if process else "proceso electoral",
        "[correo]": escape(email),
        "[como-corregir]": corrections,
    }


def _institute(request):
    from wagtail.models import Site

    from elections.models import InstituteSettings

    site = Site.find_for_request(request) if request else None
    site = site or Site.objects.filter(is_default_site=True).first()
    return InstituteSettings.for_site(site) if site else None


def fill_placeholders(html, context):
    if "[" not in html:
        return mark_safe(html)  # noqa: S308 - rich text Wagtail already sanitised
    for token, value in _placeholders(context).items():
        html = html.replace(token, value)
    return mark_safe(html)  # noqa: S308 - values escaped above, the rest is Wagtail's rich text


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label="Pregunta", max_length=200)
    answer = blocks.RichTextBlock(
        label="Respuesta", features=ANSWER_FEATURES, help_text=PLACEHOLDERS_HELP
    )
    open = blocks.BooleanBlock(
        label="Mostrar abierta", required=False, help_text="La respuesta se ve sin hacer clic."
    )

    class Meta:
        icon = "help"
        label = "Pregunta y respuesta"
        template = "blocks/question_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["answer"] = fill_placeholders(str(value["answer"]), parent_context)
        return context


class InformationStreamBlock(blocks.StreamBlock):
    question = QuestionBlock()
    text = blocks.RichTextBlock(
        label="Texto", features=["h2", "h3", *ANSWER_FEATURES], icon="pilcrow"
    )

    class Meta:
        block_counts = {"question": {"max_num": 100}}
