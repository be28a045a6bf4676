"""POST data for the candidacy editor, built like the admin form would send it."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from candidates.factories import text_between

STREAM_FIELDS = ["proposals", "political_trajectory", "professional_history", "studies", "courses"]


def candidacy_post_data(world, owner, title="Candidatura de prueba", slug=None, **overrides):
    process = world.process
    actor = world.actors[owner]
    data = {
        "title": title,
        "slug": slug or "candidatura-de-prueba",
        "office": world.office.pk,
        "formula_role": "propietario",
        "district": world.district.pk,
        "party": actor.party.pk,
        "coalition": world.coalition.pk if owner in ("PAN", "PRI") else "",
        "sex": "M",
        "birth_date": "1980-05-04",
        "motivation": text_between(process.motivation_min_chars, process.motivation_max_chars),
        "gender_proposal": text_between(process.proposal_min_chars, process.proposal_max_chars),
        "proposals": streamfield(
            [
                ("proposal", {"title": f"Propuesta {n}", "description": _proposal(process)})
                for n in (1, 2)
            ]
        ),
        "political_trajectory": streamfield([("text", _history(process))]),
        "professional_history": streamfield([("text", _history(process))]),
        "studies": streamfield([]),
        "courses": streamfield([]),
        "education_level": "licenciatura",
        "education_status": "titulo",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def _proposal(process):
    return text_between(process.proposal_min_chars, process.proposal_max_chars)


def _history(process):
    return text_between(process.history_min_chars, 900)
