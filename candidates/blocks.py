"""Small typed blocks for the structured sections of the curricular questionnaire.

Limits that depend on the electoral process (character counts) are checked by the page, which
knows its process; each block checks only what is true of it alone (a period that ends before it
starts, a year in the future).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

from .choices import EducationLevel, EducationStatus


class YearBlock(blocks.IntegerBlock):
    """A calendar year; the upper bound moves with the clock, so it is checked in clean()."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1940)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and value > dt.date.today().year + 1:
            raise ValidationError("El año no puede estar en el futuro.")
        return value


def _year_block(label, required=False):
    return YearBlock(label=label, required=required)


class PeriodMixin:
    """Shared check for blocks with a start and end year."""

    def clean(self, value):
        value = super().clean(value)
        start, end = value.get("start_year"), value.get("end_year")
        if start and end and end < start:
            raise StructBlockValidationError(
                block_errors={
                    "end_year": ErrorList(
                        [ValidationError("El año de término no puede ser anterior al de inicio.")]
                    )
                }
            )
        return value


class ProposalBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Título de la propuesta", required=False, max_length=200)
    description = blocks.TextBlock(label="Propuesta", required=True)

    class Meta:
        label = "Propuesta"
        icon = "list-ul"
        template = "blocks/proposal_block.html"

    @staticmethod
    def text_of(value):
        return "\n".join(filter(None, [value.get("title"), value.get("description")]))


class PositionBlock(PeriodMixin, blocks.StructBlock):
    """A political or social-participation position (trayectoria política)."""

    position = blocks.CharBlock(label="Cargo o actividad", max_length=200)
    organization = blocks.CharBlock(
        label="Institución u organización", required=False, max_length=200
    )
    start_year = _year_block("Año de inicio")
    end_year = _year_block("Año de término (vacío si continúa)")
    description = blocks.TextBlock(label="Descripción", required=False)

    class Meta:
        label = "Cargo o participación"
        icon = "group"
        template = "blocks/period_entry_block.html"

    @staticmethod
    def text_of(value):
        return "\n".join(
            filter(
                None, [value.get("position"), value.get("organization"), value.get("description")]
            )
        )


class JobBlock(PeriodMixin, blocks.StructBlock):
    """A job in the professional history."""

    position = blocks.CharBlock(label="Puesto", max_length=200)
    organization = blocks.CharBlock(label="Empresa o institución", required=False, max_length=200)
    start_year = _year_block("Año de inicio")
    end_year = _year_block("Año de término (vacío si continúa)")
    description = blocks.TextBlock(label="Descripción", required=False)

    class Meta:
        label = "Empleo"
        icon = "doc-full"
        template = "blocks/period_entry_block.html"

    text_of = staticmethod(PositionBlock.text_of)


class NarrativeBlock(blocks.TextBlock):
    """Free text, as INE's form and export carry these sections."""

    class Meta:
        label = "Texto libre"
        icon = "pilcrow"
        template = "blocks/narrative_block.html"

    @staticmethod
    def text_of(value):
        return value or ""


class StudyBlock(blocks.StructBlock):
    level = blocks.ChoiceBlock(label="Nivel", choices=EducationLevel.choices)
    program = blocks.CharBlock(label="Carrera o programa", required=False, max_length=200)
    institution = blocks.CharBlock(label="Institución", required=False, max_length=200)
    status = blocks.ChoiceBlock(label="Estatus", choices=EducationStatus.choices, required=False)
    end_year = _year_block("Año de conclusión")

    class Meta:
        label = "Estudio"
        icon = "doc-full-inverse"
        template = "blocks/study_block.html"

    def clean(self, value):
        value = super().clean(value)
        level, status = value.get("level"), value.get("status")
        message = None
        if level == EducationLevel.NONE and status:
            message = "El estatus no aplica para «Sin estudios»: déjalo vacío."
        elif level and level != EducationLevel.NONE and not status:
            message = "Indica el estatus del estudio."
        if message:
            raise StructBlockValidationError(
                block_errors={"status": ErrorList([ValidationError(message)])}
            )
        return value

    @staticmethod
    def text_of(value):
        return " ".join(filter(None, [value.get("program"), value.get("institution")]))


class CourseBlock(blocks.StructBlock):
    name = blocks.CharBlock(label="Curso, diplomado u otra formación", max_length=1000)
    institution = blocks.CharBlock(label="Institución", required=False, max_length=200)
    year = _year_block("Año")

    class Meta:
        label = "Curso"
        icon = "doc-empty"
        template = "blocks/course_block.html"

    @staticmethod
    def text_of(value):
        return value.get("name") or ""


def stream_text(stream_value):
    """All the visible text of a StreamField value, for character limits, search and exports."""
    if not stream_value:
        return ""
    parts = []
    for child in stream_value:
        text_of = getattr(child.block, "text_of", None)
        if text_of is not None:
            parts.append(text_of(child.value))
    return "\n\n".join(p for p in parts if p)


PROPOSAL_BLOCKS = [("proposal", ProposalBlock())]
TRAJECTORY_BLOCKS = [("position", PositionBlock()), ("text", NarrativeBlock())]
PROFESSIONAL_BLOCKS = [("job", JobBlock()), ("text", NarrativeBlock())]
STUDY_BLOCKS = [("study", StudyBlock())]
COURSE_BLOCKS = [("course", CourseBlock())]
