"""Identity answers in INE's layout (sheet `CUESTIONARIO IDENTIDAD`): reading them in.

INE's file holds only published rows, so an imported row records processing, publication and
statistics consent with the note "importado de Conóceles INE". Which answers go out, and to whom,
is the public projection's consent rule (`public.consent`).
"""

import unicodedata

from django.db import transaction
from django.utils import timezone

from .questions import FIELDS, ITEMS, NO_ANSWER

IMPORT_NOTE = "importado de Conóceles INE"


class InvalidIdentityValue(ValueError):
    """A cell outside INE's vocabulary for its column; the message names column and value."""


def ine_identity_columns():
    """The twenty column headers of INE's identity sheet, verbatim (trailing space included)."""
    return [item.header for item in ITEMS]


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


def apply_ine_identity_row(candidacy, values, recorded_by=None):
    """Store INE's 20 cells as the person's answers; idempotent (a repeat writes nothing).

    Returns the questionnaire, or None when every cell is blank (then nothing is touched).
    Raises InvalidIdentityValue for a cell outside INE's vocabulary.
    """
    answers = parse_ine_identity_values(values)
    if not any(answers.values()):
        return None
    apply_ine_identity_answers([(candidacy, answers)], recorded_by=recorded_by)
    return candidacy.identity_questionnaire


@transaction.atomic
def apply_ine_identity_answers(pairs, recorded_by=None):
    """Store parsed answers for many people in a fixed number of queries; returns the ids changed.

    `pairs` is [(candidacy, {field: answer})] from `parse_ine_identity_values`; all-blank answers
    are skipped. INE's file holds only published rows, so the three consents are recorded as
    given (with a history event each) where they were not. Nothing is written for a person whose
    answers and consents already match, which keeps a re-import idempotent.
    """
    from .models import ConsentEvent, ConsentRecord, IdentityQuestionnaire
    from .models.consent import CONSENT_KINDS

    pairs = [(candidacy, answers) for candidacy, answers in pairs if any(answers.values())]
    if not pairs:
        return set()
    ids = [candidacy.pk for candidacy, _ in pairs]
    questionnaires = _in_chunks(IdentityQuestionnaire.objects.all(), ids)
    consents = _in_chunks(ConsentRecord.objects.all(), ids)
    now = timezone.now()
    changed = set()
    new_questionnaires, edited_questionnaires = [], []
    new_consents, edited_consents, events = [], [], []
    for candidacy, answers in pairs:
        questionnaire = questionnaires.get(candidacy.pk)
        if questionnaire is None:
            questionnaire = IdentityQuestionnaire(candidacy=candidacy, **answers)
            questionnaire.updated_by = recorded_by
            new_questionnaires.append(questionnaire)
            changed.add(candidacy.pk)
        elif questionnaire.answers() != answers:
            for name, value in answers.items():
                setattr(questionnaire, name, value)
            questionnaire.updated_by = recorded_by
            questionnaire.updated_at = now
            edited_questionnaires.append(questionnaire)
            changed.add(candidacy.pk)
        candidacy.identity_questionnaire = questionnaire

        consent = consents.get(candidacy.pk)
        if consent is None:
            consent = ConsentRecord(candidacy=candidacy)
            new_consents.append(consent)
        missing = [kind for kind in CONSENT_KINDS if not getattr(consent, kind)]
        if not missing:
            continue
        for kind in missing:
            setattr(consent, kind, True)
            setattr(consent, f"{kind}_at", now)
            setattr(consent, f"{kind}_recorded_by", recorded_by)
            events.append(
                ConsentEvent(
                    candidacy=candidacy,
                    kind=kind,
                    action=ConsentEvent.Action.GIVEN,
                    recorded_by=recorded_by,
                    note=IMPORT_NOTE,
                )
            )
        consent.note = IMPORT_NOTE
        consent.updated_at = now
        if consent.pk is not None:
            edited_consents.append(consent)
        changed.add(candidacy.pk)

    IdentityQuestionnaire.objects.bulk_create(new_questionnaires, batch_size=500)
    IdentityQuestionnaire.objects.bulk_update(
        edited_questionnaires, [*FIELDS, "updated_by", "updated_at"], batch_size=500
    )
    ConsentRecord.objects.bulk_create(new_consents, batch_size=500)
    consent_fields = ["note", "updated_at"] + [
        f"{kind}{suffix}" for kind in CONSENT_KINDS for suffix in ("", "_at", "_recorded_by")
    ]
    ConsentRecord.objects.bulk_update(edited_consents, consent_fields, batch_size=500)
    ConsentEvent.objects.bulk_create(events, batch_size=500)
    if changed:
        from .events import announce_visibility_change

        announce_visibility_change(changed)
    return changed


def _in_chunks(queryset, candidacy_ids, size=500):
    """{candidacy_id: row} for a one-to-one model, a query per `size` ids (SQLite's limits)."""
    found = {}
    for start in range(0, len(candidacy_ids), size):
        chunk = candidacy_ids[start : start + size]
        found.update((row.candidacy_id, row) for row in queryset.filter(candidacy_id__in=chunk))
    return found
