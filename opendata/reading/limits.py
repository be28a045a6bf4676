"""Texts longer than the process allows: imported whole, and flagged for the party.

The file is what the party registered; cutting a text would publish words it did not choose,
and storing it silently would leave a page the party cannot save (the admin form enforces the
process's limits). So the text is kept as it came and a flag says which column is over by how
much, with the candidacy imported as a draft until the party shortens it.
"""

from candidates.validators import length_error

from .ine_rows import RowError

EXCERPT = 80  # characters of the text shown in the flag and the report; the whole text is kept

# (INE column, Spanish label, limits prefix on ElectoralProcess, reader of the row's fields)
TEXTS = [
    ("MOTIVO_CARGO_PUBLICO", "El motivo para ocupar el cargo", "motivation",
     lambda f: f.get("motivation", "")),
    ("PROPUESTA_GENERO", "La propuesta en materia de género", "proposal",
     lambda f: f.get("gender_proposal", "")),
    ("TRAYECTORIA_POLITICA", "La trayectoria política", "history",
     lambda f: _narrative(f.get("political_trajectory"))),
    ("HISTORIA_PROFESIONAL", "La historia profesional", "history",
     lambda f: _narrative(f.get("professional_history"))),
    ("PROPUESTA_1", "La propuesta 1", "proposal", lambda f: _proposal(f, 0)),
    ("PROPUESTA_2", "La propuesta 2", "proposal", lambda f: _proposal(f, 1)),
]  # fmt: skip


def _narrative(blocks):
    return "\n".join(value for _kind, value in blocks or [])


def _proposal(fields, index):
    proposals = fields.get("proposals") or []
    return proposals[index][1]["description"] if len(proposals) > index else ""


def _excerpt(text):
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[:EXCERPT] + "…"


def over_limit_flags(fields, process):
    """One flaggable `RowError` per text over the process's maximum (none under a minimum: a
    short text is the party's to complete, as in the admin)."""
    flags = []
    for column, label, prefix, read in TEXTS:
        text = read(fields)
        message = length_error(label, text, 0, getattr(process, f"{prefix}_max_chars"), process)
        if message:
            flags.append(
                RowError(
                    f"{column}: {message} Se importó completo; el partido debe acortarlo.",
                    column,
                    _excerpt(text),
                    flaggable=True,
                )
            )
    courses = fields.get("courses") or []
    for _kind, course in courses:
        name = course.get("name") or ""
        if process.count_chars(name) > process.course_max_chars:
            flags.append(
                RowError(
                    f"CURSOS excede {process.course_max_chars} caracteres (tiene "
                    f"{process.count_chars(name)}). Se importó completo; el partido debe "
                    "acortarlo.",
                    "CURSOS",
                    _excerpt(name),
                    flaggable=True,
                )
            )
    return flags
