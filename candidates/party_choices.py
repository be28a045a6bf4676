"""The candidacy editor offers only what applies to the process and to the capturing party.

A PAN capturist used to be offered every party, both coalitions, the independents and
"Municipio" in a process without municipal offices. Narrowing each field's queryset both
shortens the lists and makes Django refuse a forged POST outside them ("Selecciona una opción
válida"); the siglado check refuses a coalition contest another member party captures.
"""

from django.db.models import Q

from elections.models import (
    Coalition,
    District,
    IndependentCandidacy,
    Municipality,
    Office,
    OfficeScope,
    Party,
    SigladoEntry,
)

REVIEW_PERMISSION = "candidates.review_candidacy"
SIGLADO_ERROR = (
    "Según el siglado de «{coalition}», esta candidatura la captura otro partido de la coalición."
)


def process_of(actor_page):
    from .models import ProcessPage

    process_page = (
        ProcessPage.objects.ancestor_of(actor_page).select_related("process").first()
        if actor_page is not None
        else None
    )
    return process_page.process if process_page else None


def has_municipal_offices(process):
    return process.offices.filter(scope=OfficeScope.MUNICIPALITY).exists()


def is_party_user(user):
    return user is not None and not user.has_perm(REVIEW_PERMISSION)


def party_coalitions(process, party):
    """Coalitions of the process the party captures for: its siglado entries, or, for a
    coalition without siglado, every member."""
    if party is None:
        return Coalition.objects.none()
    return Coalition.objects.filter(
        Q(siglado__party=party) | Q(members=party, siglado__isnull=True), process=process
    ).distinct()


def limit_choices(form, actor_page, user):
    """Narrow the registration fields of `form` to the process and, for parties, to the actor."""
    process = process_of(actor_page)
    if process is None:
        return
    fields = form.fields
    if "municipality" in fields and not has_municipal_offices(process):
        del fields["municipality"]
    _narrow(fields, "office", Office.objects.filter(process=process))
    _narrow(fields, "district", District.objects.filter(process=process))
    if "municipality" in fields:
        in_process = Municipality.objects.filter(districts__process=process).distinct()
        if in_process.exists():
            _narrow(fields, "municipality", in_process)
    if not is_party_user(user):
        return
    _narrow(fields, "party", Party.objects.filter(pk=actor_page.party_id))
    _narrow(
        fields, "independent", IndependentCandidacy.objects.filter(pk=actor_page.independent_id)
    )
    _narrow(fields, "coalition", party_coalitions(process, actor_page.party))
    if "substitute" in fields:
        from .models import CandidacyPage

        substitutes = CandidacyPage.objects.child_of(actor_page)
        if form.instance.pk:
            substitutes = substitutes.exclude(pk=form.instance.pk)
        _narrow(fields, "substitute", substitutes)


def siglado_errors(cleaned_data, actor_page):
    """{field: message} when a coalition contest is chosen that the siglado gives to another
    member party. Coalitions without siglado entries accept any member."""
    coalition = cleaned_data.get("coalition")
    office = cleaned_data.get("office")
    if coalition is None or office is None or actor_page is None or actor_page.party_id is None:
        return {}
    entries = SigladoEntry.objects.filter(coalition=coalition)
    if not entries.exists():
        return {}
    district = cleaned_data.get("district")
    contest = entries.filter(office=office)
    if district is not None and contest.filter(district=district).exists():
        contest = contest.filter(district=district)
    else:
        contest = contest.filter(district__isnull=True)
    if contest.filter(party_id=actor_page.party_id).exists():
        return {}
    return {"coalition": SIGLADO_ERROR.format(coalition=coalition)}


def _narrow(fields, name, queryset):
    if name in fields and hasattr(fields[name], "queryset"):
        fields[name].queryset = queryset
