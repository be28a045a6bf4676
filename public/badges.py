"""Which identity badges the public may see for a candidacy.

The affirmative-action group a candidacy was registered under is registration data and always
public. Self-identification badges from the identity questionnaire are added only when the person
gave publication consent and the process's identity data is not blocked (identity.lifecycle).
Nothing else from the questionnaire is ever public here: not the answers, not the income.
"""

from dataclasses import dataclass

from django.utils import timezone

from candidates.choices import AffirmativeAction
from identity.lifecycle import publishable_q
from identity.questions import BADGE_ITEMS, YES
from site_conoceles.precompiled import PrecompiledQuery

REGISTRATION = "registro"
SELF_IDENTIFICATION = "autoadscripcion"


@dataclass(frozen=True)
class Badge:
    slug: str
    label: str
    source: str  # "registro" (affirmative action) or "autoadscripcion" (questionnaire, consented)


def _consented_answers(**values):
    from identity.models import IdentityQuestionnaire

    today = values.pop("today")
    return (
        IdentityQuestionnaire.objects.filter(publishable_q(today=today), **values)
        .values_list("candidacy_id", *(item.field for item in BADGE_ITEMS))
        .order_by()
    )


# One profile's badges: the query every uncached profile runs, its SQL compiled once.
_ONE_CANDIDACY = PrecompiledQuery("identity.IdentityQuestionnaire", _consented_answers)


def _self_identified(candidacy_ids):
    """{candidacy_id: [group slugs answered "Sí"]} for consenting people: one query."""
    if not candidacy_ids:
        return {}
    today = timezone.localdate()
    if len(candidacy_ids) == 1:
        rows = _ONE_CANDIDACY.rows(candidacy_id=candidacy_ids[0], today=today)
    else:
        rows = _consented_answers(candidacy_id__in=candidacy_ids, today=today)
    return {
        row[0]: [
            item.badge for item, value in zip(BADGE_ITEMS, row[1:], strict=True) if value == YES
        ]
        for row in rows
    }


def public_badges_for(candidacies):
    """{candidacy.pk: [Badge, ...]} for many candidacies, with one query whatever their number."""
    candidacies = list(candidacies)
    consented = _self_identified([candidacy.pk for candidacy in candidacies])
    badges = {}
    for candidacy in candidacies:
        items = []
        if candidacy.affirmative_action:
            items.append(
                Badge(
                    candidacy.affirmative_action,
                    AffirmativeAction(candidacy.affirmative_action).label,
                    REGISTRATION,
                )
            )
        for slug in consented.get(candidacy.pk, ()):
            if slug != candidacy.affirmative_action:
                items.append(Badge(slug, AffirmativeAction(slug).label, SELF_IDENTIFICATION))
        badges[candidacy.pk] = items
    return badges


def public_badges(candidacy):
    return public_badges_for([candidacy])[candidacy.pk]
