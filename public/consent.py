"""Which identity answers a public file may carry, and how.

The one consent rule for individual identity answers: a row only for a person who gave
publication consent in a process whose identity data is not blocked (`identity.lifecycle`), and
never the individual income (DOMAIN.md §5: income is statistics only): its two cells read
"Reservado". Badges (`public.badges`) follow the same consent; nothing else of the
questionnaire leaves the identity app for the public.
"""

from identity.exports import ine_identity_columns
from identity.lifecycle import publishable_q
from identity.questions import FIELDS, INCOME_FIELDS, INE_BLANK

__all__ = ["INCOME_WITHHELD", "ine_identity_columns", "ine_identity_rows"]

# What the public file says instead of an individual income answer.
INCOME_WITHHELD = "Reservado"


def ine_identity_rows(candidacy_ids, include_income=False):
    """{candidacy_id: [20 strings]} for the ids whose person consented to publication; one query.

    An unanswered item is INE's blank cell (" "). Items 18 and 19 (income) are "Reservado" unless
    `include_income` is true. Ids missing from the result get no identity row (or blank cells).
    """
    from identity.models import IdentityQuestionnaire

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
