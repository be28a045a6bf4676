"""Which identity badges the public may see for a candidacy.

The affirmative-action group a candidacy was registered under is registration data and always
public. Self-identification badges from the identity questionnaire are added only when the person
gave publication consent (see the identity models).
"""

from dataclasses import dataclass

from candidates.choices import AffirmativeAction


@dataclass(frozen=True)
class Badge:
    slug: str
    label: str
    source: str  # "registro" (affirmative action) or "autoadscripcion" (questionnaire, consented)


def public_badges_for(candidacies):
    """{candidacy.pk: [Badge, ...]} for many candidacies, with a constant number of queries."""
    badges = {}
    for candidacy in candidacies:
        items = []
        if candidacy.affirmative_action:
            items.append(
                Badge(
                    candidacy.affirmative_action,
                    AffirmativeAction(candidacy.affirmative_action).label,
                    "registro",
                )
            )
        badges[candidacy.pk] = items
    return badges


def public_badges(candidacy):
    return public_badges_for([candidacy])[candidacy.pk]
