"""Headline figures for the home page: one aggregate query, cached until the next publication."""

from django.core.cache import cache
from django.db.models import Count, Q

from candidates.choices import FormulaRole, Sex
from candidates.queries import public_candidacies

FIGURES_CACHE_KEY = "conoceles:home-figures:v1"
FIGURES_CACHE_SECONDS = 600


def _compute():
    # The current process's figures: an archive's candidacies are not part of the headline.
    from candidates.filters import public_catalog

    office_ids = [office.pk for office in public_catalog()["offices"]]
    row = (
        public_candidacies()
        .filter(office_id__in=office_ids)
        .order_by()
        .aggregate(
            total=Count("pk"),
            owners=Count("pk", filter=Q(formula_role=FormulaRole.OWNER)),
            women=Count("pk", filter=Q(sex=Sex.WOMAN)),
            complete=Count("pk", filter=Q(curricular_complete=True)),
            offices=Count("office", distinct=True),
        )
    )
    total = row["total"] or 0
    row["women_percent"] = round(100 * row["women"] / total) if total else 0
    row["complete_percent"] = round(100 * row["complete"] / total) if total else 0
    return row


def headline_figures():
    figures = cache.get(FIGURES_CACHE_KEY)
    if figures is None:
        figures = _compute()
        cache.set(FIGURES_CACHE_KEY, figures, FIGURES_CACHE_SECONDS)
    return figures


def forget_headline_figures(**kwargs):
    cache.delete(FIGURES_CACHE_KEY)
