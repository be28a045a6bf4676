"""The public order of candidacies (office, district, list position, party, fórmula role, name),
stored on each candidacy as one indexed string, `public_order`.

Those columns live in four tables: sorting 20,000 candidacies on them meant joining and sorting
every row on every listing request, and no index could serve a deep page. The same order as
one column of the candidacy table is an index scan that stops after the page asked for.

The key is fixed-width digits followed by the name, so that comparing two keys as strings
compares the six values in turn, under any collation. A missing district, list position or party
(NULL before) becomes the largest number: PostgreSQL sorted NULLs last, and still does.

Who keeps it current: `CandidacyPage.save()` and the bulk writers (`refresh_derived_fields`) for
the candidacy's own values, and `refresh_for_catalog` when an office, district or party changes
the number it sorts by.
"""

from .choices import FormulaRole

WIDTH = 5
MISSING = 10**WIDTH - 1
# Alphabetical, as the raw values sorted before: "propietario" < "suplente".
ROLE_RANK = {role: rank for rank, role in enumerate(sorted(FormulaRole.values))}
KEY_LENGTH = 6 * WIDTH + 255


def _digits(value):
    if value is None:
        return f"{MISSING:0{WIDTH}d}"
    return f"{min(int(value), MISSING):0{WIDTH}d}"


def order_key(office_sort, district_number, list_position, party_sort, formula_role, title):
    """The key of one candidacy from the values the public order reads."""
    return "".join(
        (
            _digits(office_sort),
            _digits(district_number),
            _digits(list_position),
            _digits(party_sort),
            _digits(ROLE_RANK.get(formula_role, len(ROLE_RANK))),
            title or "",
        )
    )[:KEY_LENGTH]


def key_of(candidacy):
    """`order_key` of a candidacy instance (its office, district and party loaded or fetched)."""
    office = candidacy.office if candidacy.office_id else None
    district = candidacy.district if candidacy.district_id else None
    party = candidacy.party if candidacy.party_id else None
    return order_key(
        office.sort_order if office else None,
        district.number if district else None,
        candidacy.list_position,
        party.sort_order if party else None,
        candidacy.formula_role,
        candidacy.title,
    )


KEY_VALUES = (
    "pk",
    "office__sort_order",
    "district__number",
    "list_position",
    "party__sort_order",
    "formula_role",
    "title",
    "public_order",
)


def refresh_keys(queryset, batch_size=1000):
    """Recompute the keys of the candidacies in `queryset` (any model state with these fields:
    the migration's too), writing only the ones that changed. Returns how many changed."""
    model = queryset.model
    changed = []
    for pk, *values, current in queryset.order_by().values_list(*KEY_VALUES).iterator():
        key = order_key(*values)
        if key != current:
            changed.append(model(pk=pk, public_order=key))
    model.objects.bulk_update(changed, ["public_order"], batch_size=batch_size)
    return len(changed)


def refresh_for_catalog(sender, instance, created=False, raw=False, **kwargs):
    """post_save of an office, district or party: its candidacies' keys follow its number.

    A new catalog row has no candidacies yet; a fixture load (`raw`) has no consistent state
    to read. Nothing is written when the number did not change.
    """
    if created or raw:
        return
    from elections.models import District, Office, Party

    from .counts import forget_listing_counts
    from .models import CandidacyPage

    field = {Office: "office", District: "district", Party: "party"}.get(type(instance))
    if field is None:
        return
    if refresh_keys(CandidacyPage.objects.filter(**{f"{field}_id": instance.pk})):
        forget_listing_counts()  # the listings' cached order


def connect():
    from django.db.models.signals import post_save

    from elections.models import District, Office, Party

    for model in (Office, District, Party):
        post_save.connect(
            refresh_for_catalog, sender=model, dispatch_uid=f"candidates-order-{model.__name__}"
        )
