"""Which identity badges the public may see for a candidacy.

The affirmative-action group a candidacy was registered under is registration data and always
public. Self-identification badges from the identity questionnaire are added only when the person
gave publication consent and the process's identity data is not blocked (identity.lifecycle).
Nothing else from the questionnaire is ever public here: not the answers, not the income.
"""

from dataclasses import dataclass

from candidates.choices import AffirmativeAction
from identity.lifecycle import publishable_q
from identity.questions import BADGE_ITEMS, YES

REGISTRATION = "registro"
SELF_IDENTIFICATION = "autoadscripcion"


@dataclass(frozen=True)
class Badge:
    slug: str
    label: str
    source: str  # "registro" (affirmative action) or "autoadscripcion" (questionnaire, consented)


def _self_identified(candidacy_ids):
    """{candidacy_id: [group slugs answered "Sí"]} for consenting people: one query."""
    from identity.models import IdentityQuestionnaire

    if not candidacy_ids:
        return {}
    fields = [item.field for item in BADGE_ITEMS]
    rows = (
        IdentityQuestionnaire.objects.filter(publishable_q(), candidacy_id__in=candidacy_ids)
        .values_list("candidacy_id", *fields)
        .order_by()
    )
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
