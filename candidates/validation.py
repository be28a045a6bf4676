"""The questionnaire's cross-field rules, shared by the admin form, the importer and the tests.

Two levels: *format* rules hold for every save (a draft included), so nothing malformed is ever
stored; *completeness* rules (minimum lengths, exactly two proposals) are checked when the
candidacy is submitted for review or published, so that a capturist can save work in progress.
"""

from collections import defaultdict

from elections.models import OfficeScope

from .blocks import stream_text
from .choices import EducationLevel, FormulaRole
from .validators import length_error, photo_errors, validate_pdf_file

# (field, Spanish label, limits attribute prefix on ElectoralProcess)
TEXT_LIMITS = [
    ("motivation", "«¿Por qué quiere ocupar un cargo público?»", "motivation"),
    ("gender_proposal", "La propuesta en materia de género", "proposal"),
    ("political_trajectory", "La trayectoria política", "history"),
    ("professional_history", "La historia profesional", "history"),
]


def _text(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return stream_text(value)


def questionnaire_errors(get, strict):
    """Return {field: [messages]} for the values read through `get(field_name)`."""
    errors = defaultdict(list)
    office = get("office")
    if office is None:
        return {}
    process = office.process

    _registration_errors(get, office, errors)

    image = get("photo")
    for problem in photo_errors(image, process):
        errors["photo"].append(problem)

    document = get("three_of_three")
    if document is not None:
        try:
            with document.open_file() as handle:
                validate_pdf_file(handle)
        except FileNotFoundError:
            errors["three_of_three"].append("No se encontró el archivo del documento «3 de 3».")
        except Exception as exc:  # ValidationError carries the Spanish message
            errors["three_of_three"].extend(getattr(exc, "messages", [str(exc)]))

    if get("education_level") == EducationLevel.NONE and get("education_status"):
        errors["education_status"].append("El estatus del grado no aplica para «Sin estudios».")
    has_level = get("education_level") not in (None, "", EducationLevel.NONE)
    if strict and has_level and not get("education_status"):
        errors["education_status"].append("Indica el estatus del grado máximo de estudios.")

    for field, label, prefix in TEXT_LIMITS:
        text = _text(get(field))
        minimum = getattr(process, f"{prefix}_min_chars")
        maximum = getattr(process, f"{prefix}_max_chars")
        message = length_error(label, text, minimum if strict else 0, maximum, process)
        if message:
            errors[field].append(message)

    proposals = list(get("proposals") or [])
    for number, child in enumerate(proposals, start=1):
        text = child.value.get("description") or ""
        message = length_error(
            f"La propuesta {number}",
            text,
            process.proposal_min_chars if strict else 0,
            process.proposal_max_chars,
            process,
        )
        if message:
            errors["proposals"].append(message)
    if len(proposals) > 2 or (strict and len(proposals) == 1):
        errors["proposals"].append(f"Captura exactamente dos propuestas; hay {len(proposals)}.")

    for number, child in enumerate(get("courses") or [], start=1):
        name = child.value.get("name") or ""
        if process.count_chars(name) > process.course_max_chars:
            errors["courses"].append(
                f"El curso {number} excede {process.course_max_chars} caracteres."
            )
    return dict(errors)


def _registration_errors(get, office, errors):
    process = office.process
    birth_date, registered_age = get("birth_date"), get("registered_age")
    age = process.age_on_election_day(birth_date) if birth_date else registered_age
    if age is None:
        errors["birth_date"].append("Captura la fecha de nacimiento o, si no la hay, la edad.")
    elif age < office.minimum_age:
        errors["birth_date"].append(
            f"Para {office.name} se requiere una edad mínima de {office.minimum_age} años el día "
            f"de la elección; la persona tendría {age}."
        )

    district, municipality = get("district"), get("municipality")
    if office.scope == OfficeScope.DISTRICT and district is None:
        errors["district"].append("Este cargo se elige por distrito: indica el distrito.")
    if office.scope != OfficeScope.DISTRICT and district is not None:
        errors["district"].append("Este cargo no se elige por distrito: deja el distrito vacío.")
    if district is not None and district.process_id != office.process_id:
        errors["district"].append("El distrito no pertenece al proceso electoral del cargo.")
    if office.scope == OfficeScope.MUNICIPALITY and municipality is None:
        errors["municipality"].append("Este cargo es municipal: indica el municipio.")
    if office.scope == OfficeScope.LIST and not get("list_position"):
        errors["list_position"].append(
            "Indica la posición en la lista de representación proporcional."
        )

    party, independent, coalition = get("party"), get("independent"), get("coalition")
    if bool(party) == bool(independent):
        errors["party"].append("Indica el partido que postula o la candidatura independiente.")
    if coalition is not None:
        # `.all()` so that a caller checking many candidacies can prefetch both relations.
        if party is None or party.pk not in {p.pk for p in coalition.members.all()}:
            errors["coalition"].append("El partido que postula debe integrar la coalición.")
        elif office.pk not in {o.pk for o in coalition.offices.all()}:
            errors["coalition"].append("La coalición no postula este cargo.")

    substitute = get("substitute")
    if substitute is not None:
        if get("formula_role") == FormulaRole.SUBSTITUTE:
            errors["substitute"].append("Una persona suplente no tiene a su vez suplente.")
        elif substitute.formula_role != FormulaRole.SUBSTITUTE:
            errors["substitute"].append("La página elegida no es de una persona suplente.")
        elif substitute.office_id != office.pk:
            errors["substitute"].append("La persona suplente debe registrarse para el mismo cargo.")
    if substitute is not None and not office.has_substitutes:
        errors["substitute"].append("Este cargo no se registra en fórmula con suplente.")
