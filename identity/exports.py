"""Identity answers in INE's layout (sheet `CUESTIONARIO IDENTIDAD`), out and in.

Out: only people with publication consent in a process that is not blocked. In: INE's file holds
only published rows, so an imported row records processing, publication and statistics consent
with the note "importado de Conóceles INE".
"""

import unicodedata

from django.db import transaction
from django.utils import timezone

from .lifecycle import publishable_q
from .questions import FIELDS, INCOME_FIELDS, INE_BLANK, ITEMS, NO_ANSWER

IMPORT_NOTE = "importado de Conóceles INE"
# What the public file says instead of an individual income answer (DOMAIN.md §5: income is
# statistics only, never individual).
INCOME_WITHHELD = "Reservado"


class InvalidIdentityValue(ValueError):
    """A cell outside INE's vocabulary for its column; the message names column and value."""


def ine_identity_columns():
    """The twenty column headers of INE's identity sheet, verbatim (trailing space included)."""
    return [item.header for item in ITEMS]


def ine_identity_rows(candidacy_ids, include_income=False):
    """{candidacy_id: [20 strings]} for the ids whose person consented to publication; one query.

    An unanswered item is INE's blank cell (" "). Items 18 and 19 (income) are "Reservado" unless
    `include_income` is true. Ids missing from the result get no identity row (or blank cells).
    """
    from .models import IdentityQuestionnaire

    candidacy_ids = list(candidacy_ids)
    if not candidacy_ids:
        return {}
    rows = (
        IdentityQuestionnaire.objects.filter(publishable_q(), candidacy_id__in=candidacy_ids)
        .values_list("candidacy_id", *FIELDS)
        .order_by()
    )
    result = {}
    for candidacy_id, *values in rows:
        cells = []
        for name, value in zip(FIELDS, values, strict=True):
            if name in INCOME_FIELDS and not include_income:
                cells.append(INCOME_WITHHELD if value else INE_BLANK)
            else:
                cells.append(value or INE_BLANK)
        result[candidacy_id] = cells
    return result


def _fold(text):
    text = unicodedata.normalize("NFKD", str(text).strip().casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


_VOCABULARY = [{_fold(option): option for option in item.options} for item in ITEMS]


def parse_ine_identity_values(values):
    """{field: canonical answer} from 20 INE cells; accent- and case-tolerant; raises on others."""
    values = list(values)
    if len(values) != len(ITEMS):
        raise InvalidIdentityValue(
            f"Se esperaban {len(ITEMS)} columnas de identidad y hay {len(values)}."
        )
    answers = {}
    for item, vocabulary, raw in zip(ITEMS, _VOCABULARY, values, strict=True):
        text = "" if raw is None else str(raw).strip()
        if not text:
            answers[item.field] = NO_ANSWER
            continue
        canonical = vocabulary.get(_fold(text))
        if canonical is None:
            raise InvalidIdentityValue(
                f"Pregunta {item.number}: «{text}» no es una respuesta válida."
            )
        answers[item.field] = canonical
    return answers


@transaction.atomic
def apply_ine_identity_row(candidacy, values, recorded_by=None):
    """Store INE's 20 cells as the person's answers; idempotent (a repeat writes nothing).

    Returns the questionnaire, or None when every cell is blank (then nothing is touched).
    Raises InvalidIdentityValue for a cell outside INE's vocabulary.
    """
    from .models import ConsentEvent, ConsentRecord, IdentityQuestionnaire
    from .models.consent import CONSENT_KINDS

    answers = parse_ine_identity_values(values)
    if not any(answers.values()):
        return None
    questionnaire = IdentityQuestionnaire.objects.filter(candidacy=candidacy).first()
    if questionnaire is None:
        questionnaire = IdentityQuestionnaire(candidacy=candidacy)
    if questionnaire.pk is None or questionnaire.answers() != answers:
        for name, value in answers.items():
            setattr(questionnaire, name, value)
        questionnaire.updated_by = recorded_by
        questionnaire.save()

    consent, _ = ConsentRecord.objects.get_or_create(candidacy=candidacy)
    missing = [kind for kind in CONSENT_KINDS if not getattr(consent, kind)]
    if missing:
        now = timezone.now()
        for kind in missing:
            setattr(consent, kind, True)
            setattr(consent, f"{kind}_at", now)
            setattr(consent, f"{kind}_recorded_by", recorded_by)
            ConsentEvent.objects.create(
                candidacy=candidacy,
                kind=kind,
                action=ConsentEvent.Action.GIVEN,
                recorded_by=recorded_by,
                note=IMPORT_NOTE,
            )
        consent.note = IMPORT_NOTE
        consent.save()
    return questionnaire
