"""The identity questionnaire: twenty self-identification items per registered person."""

from django.conf import settings
from django.db import models

from ..questions import (
    BADGE_ITEMS,
    FIELDS,
    ITEMS,
    ITEMS_BY_FIELD,
    NO_ANSWER,
    PREFER_NOT,
    YES,
    applies,
)


def _answer(field_name):
    item = ITEMS_BY_FIELD[field_name]
    return models.CharField(
        item.header.strip()[:255],
        max_length=80,
        blank=True,
        choices=[(option, option) for option in item.options],
        help_text=item.help_text,
    )


class IdentityQuestionnaire(models.Model):
    """Answers in INE's vocabulary; "" is "sin respuesta" (the person did not answer).

    Not a page field on purpose: page revisions copy every field, and these answers must be
    deletable without trace (blocking, cancellation, ARCO requests).
    """

    candidacy = models.OneToOneField(
        "candidates.CandidacyPage",
        on_delete=models.CASCADE,
        related_name="identity_questionnaire",
        verbose_name="candidatura",
    )
    indigenous = _answer("indigenous")
    indigenous_language = _answer("indigenous_language")
    indigenous_people = _answer("indigenous_people")
    disability = _answer("disability")
    disability_duration = _answer("disability_duration")
    disability_type = _answer("disability_type")
    disability_limitation = _answer("disability_limitation")
    afro_mexican = _answer("afro_mexican")
    lgbtttiq = _answer("lgbtttiq")
    lgbtttiq_identity = _answer("lgbtttiq_identity")
    migrant = _answer("migrant")
    country_of_residence = _answer("country_of_residence")
    years_abroad = _answer("years_abroad")
    reason_abroad = _answer("reason_abroad")
    regular_status_abroad = _answer("regular_status_abroad")
    young = _answer("young")
    elderly = _answer("elderly")
    income_band = _answer("income_band")
    income_source = _answer("income_source")
    birth_state = _answer("birth_state")

    created_at = models.DateTimeField("creado", auto_now_add=True)
    updated_at = models.DateTimeField("actualizado", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="capturado por",
    )

    class Meta:
        verbose_name = "cuestionario de identidad"
        verbose_name_plural = "cuestionarios de identidad"

    def __str__(self):
        return f"Cuestionario de identidad #{self.candidacy_id}"

    def answers(self):
        return {name: getattr(self, name) for name in FIELDS}

    def clear_inapplicable(self):
        """Blank the conditional items whose condition is not met (disability type after "No")."""
        answers = self.answers()
        for item in ITEMS:
            if not applies(item, answers):
                setattr(self, item.field, NO_ANSWER)

    def self_identified_groups(self):
        """AffirmativeAction slugs of the groups answered "Sí"."""
        return [item.badge for item in BADGE_ITEMS if getattr(self, item.field) == YES]

    @property
    def answered_count(self):
        return sum(1 for name in FIELDS if getattr(self, name))

    @property
    def declined_count(self):
        return sum(1 for name in FIELDS if getattr(self, name) == PREFER_NOT)
