"""What a candidacy still lacks, section by section, for capturists and the monitoring report."""

from .validation import questionnaire_errors

SECTIONS = [
    ("photo", "Fotografía"),
    ("contact", "Contacto público"),
    ("motivation", "Aspiración al cargo"),
    ("proposals", "Propuestas"),
    ("gender_proposal", "Propuesta en materia de género"),
    ("political_trajectory", "Trayectoria política"),
    ("professional_history", "Historia profesional o laboral"),
    ("education_level", "Escolaridad"),
]


def missing_sections(page):
    """Spanish labels of the sections that are empty or break a rule of the process."""
    missing = set(missing_keys(page))
    return [label for key, label in SECTIONS if key in missing]


def missing_keys(page):
    """Keys of SECTIONS still missing: what the review checklist and its policy name."""
    if not page.office_id:
        return [key for key, _ in SECTIONS]
    filled = {
        "photo": page.photo_id is not None,
        "contact": bool(page.public_email or page.public_phone),
        "motivation": bool(page.motivation.strip()),
        "proposals": len(page.proposals or []) == 2,
        "gender_proposal": bool(page.gender_proposal.strip()),
        "political_trajectory": bool(page.political_trajectory),
        "professional_history": bool(page.professional_history),
        "education_level": bool(page.education_level),
    }
    errors = questionnaire_errors(lambda name: getattr(page, name, None), strict=True)
    return [key for key, _ in SECTIONS if not filled[key] or key in errors]
