"""Each questionnaire block checks what is true of it alone (clean() per block)."""

import datetime as dt

from django.core.exceptions import ValidationError

from wagtail.blocks import StructBlockValidationError

import pytest

from candidates.blocks import (
    CourseBlock,
    JobBlock,
    NarrativeBlock,
    PositionBlock,
    ProposalBlock,
    StudyBlock,
    YearBlock,
    stream_text,
)
from candidates.choices import EducationLevel, EducationStatus


def block_messages(exc):
    return {name: list(errors.messages) for name, errors in exc.block_errors.items()}


def test_year_block_accepts_a_past_year():
    assert YearBlock().clean(2010) == 2010


def test_year_block_rejects_a_future_year():
    with pytest.raises(ValidationError, match="no puede estar en el futuro"):
        YearBlock().clean(dt.date.today().year + 2)


def test_year_block_rejects_years_before_1940():
    with pytest.raises(ValidationError):
        YearBlock().clean(1900)


@pytest.mark.parametrize("block_class", [PositionBlock, JobBlock])
def test_period_blocks_reject_an_end_before_the_start(block_class):
    block = block_class()
    value = block.to_python({"position": "Regidora", "start_year": 2015, "end_year": 2012})
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(value)
    assert block_messages(caught.value)["end_year"] == [
        "El año de término no puede ser anterior al de inicio."
    ]


@pytest.mark.parametrize("block_class", [PositionBlock, JobBlock])
def test_period_blocks_accept_an_open_period(block_class):
    block = block_class()
    value = block.to_python({"position": "Regidora", "start_year": 2015, "end_year": None})
    assert block.clean(value)["start_year"] == 2015


def test_position_block_requires_the_position():
    block = PositionBlock()
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(block.to_python({"position": "", "start_year": 2015}))
    assert "position" in caught.value.block_errors


def test_proposal_block_requires_its_text():
    block = ProposalBlock()
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(block.to_python({"title": "Seguridad", "description": ""}))
    assert "description" in caught.value.block_errors


def test_study_block_requires_a_status_for_a_degree():
    block = StudyBlock()
    value = block.to_python({"level": EducationLevel.BACHELOR, "status": ""})
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(value)
    assert block_messages(caught.value)["status"] == ["Indica el estatus del estudio."]


def test_study_block_refuses_a_status_for_no_studies():
    block = StudyBlock()
    value = block.to_python({"level": EducationLevel.NONE, "status": EducationStatus.DEGREE})
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(value)
    assert "no aplica para «Sin estudios»" in block_messages(caught.value)["status"][0]


def test_study_block_accepts_no_studies_without_status():
    block = StudyBlock()
    value = block.to_python({"level": EducationLevel.NONE, "status": ""})
    assert block.clean(value)["level"] == EducationLevel.NONE


def test_course_block_requires_a_name():
    block = CourseBlock()
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(block.to_python({"name": "", "year": 2020}))
    assert "name" in caught.value.block_errors


def test_stream_text_joins_the_visible_text_of_every_block():
    assert ProposalBlock.text_of({"title": "Agua", "description": "Más pozos"}) == (
        "Agua\nMás pozos"
    )
    assert NarrativeBlock.text_of("Texto") == "Texto"
    assert stream_text(None) == ""
