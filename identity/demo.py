"""Identity answers for the demo site (`seed_demo`), so that it shows what the feature does.

Without them the demo would have no badge and no identity statistics, and nobody could see
consent at work. Answers go through the same services as the identity screen (notice
acceptance, consents with their history, questionnaire), so the demo also has a realistic audit
trail. Shares are plausible, not official: most people answer "No", a few "Prefiero no
contestar"; "joven" and "persona mayor" follow the person's registered age.
"""

from .questions import ITEMS, NO, NOT_APPLICABLE, PREFER_NOT, YES
from .services import accept_notice, record_consents, save_questionnaire

# Share of "Sí" among those who answer each group question.
GROUP_SHARES = {
    "indigenous": 0.08,
    "disability": 0.05,
    "afro_mexican": 0.03,
    "lgbtttiq": 0.06,
    "migrant": 0.04,
}
PREFER_NOT_SHARE = 0.05
ANSWERING_SHARE = 0.8  # of candidacies whose party captured the questionnaire
PUBLICATION_SHARE = 0.5
STATISTICS_SHARE = 0.85
HOME_STATE = "Coahuila de Zaragoza"


def seed_identity(candidacies, recorder_for, rng):
    """Answer the questionnaire for a share of `candidacies`; returns how many have answers.

    `recorder_for(candidacy)` is the account that records it (the party's capturist).
    """
    answered = 0
    for candidacy in candidacies:
        if rng.random() >= ANSWERING_SHARE:
            continue
        user = recorder_for(candidacy)
        accept_notice(candidacy, user)
        record_consents(
            candidacy,
            user,
            processing=True,
            publication=rng.random() < PUBLICATION_SHARE,
            statistics=rng.random() < STATISTICS_SHARE,
        )
        save_questionnaire(candidacy, user, demo_answers(candidacy.age, rng))
        answered += 1
    return answered


def demo_answers(age, rng):
    answers = {}
    for item in ITEMS:
        if item.field in GROUP_SHARES:
            answers[item.field] = _yes_no(rng, GROUP_SHARES[item.field])
        elif item.field == "young":
            answers[item.field] = YES if age is not None and age <= 29 else NO
        elif item.field == "elderly":
            answers[item.field] = YES if age is not None and age >= 60 else NO
        elif item.field == "birth_state":
            answers[item.field] = (
                HOME_STATE if rng.random() < 0.8 else rng.choice(_real_options(item))
            )
        elif item.field == "indigenous_language":
            answers[item.field] = NO
        else:
            # Conditional items (cleared by the questionnaire when they do not apply), income.
            answers[item.field] = rng.choice(_real_options(item))
    if answers["indigenous"] == YES:
        answers["indigenous_language"] = YES if rng.random() < 0.4 else NO
        answers["indigenous_people"] = rng.choice(["Kikapú", "Mascogo", "Náhuatl", "Otomí"])
    return answers


def _yes_no(rng, share):
    draw = rng.random()
    if draw < PREFER_NOT_SHARE:
        return PREFER_NOT
    return YES if draw < PREFER_NOT_SHARE + share else NO


def _real_options(item):
    return [option for option in item.options if option not in (PREFER_NOT, NOT_APPLICABLE)]
