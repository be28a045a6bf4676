"""The one table of phrasings that real OPL files use for INE's values (docs/import.md).

INE's layout has closed vocabularies (sex, education level and status); the local institutes'
own exports and INEGI-style forms write the same values in other words ("BACHILLERATO",
"FINALIZADO", "FEMENINO"). Each variant is listed once here, next to the INE value it means, so
that reading a file never guesses and a new variant is one line (and one row in the docs). A
variant that could mean two values ("M": mujer or masculino; "POSGRADO": specialty, master's or
doctorate) is deliberately absent and stays an error for the party to fix.

Lookups fold case, accents and spacing (`fold`), so only genuinely different words are listed.
"""

import re
import unicodedata

from candidates.choices import AffirmativeAction, EducationLevel, EducationStatus, Sex

from .. import ine


def fold(text):
    """Case, accents and spacing aside: «Maestría», «MAESTRIA» and « maestria » match."""
    text = unicodedata.normalize("NFKD", ine.clean_text(text))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


SEX_VARIANTS = {
    "FEMENINO": Sex.WOMAN,
    "MUJERES": Sex.WOMAN,
    "F": Sex.WOMAN,
    "MASCULINO": Sex.MAN,
    "HOMBRES": Sex.MAN,
    "H": Sex.MAN,
    "NO BINARIA": Sex.NON_BINARY,
    "NO BINARIE": Sex.NON_BINARY,
    "PERSONA NO BINARIA": Sex.NON_BINARY,
    "NB": Sex.NON_BINARY,
}

EDUCATION_VARIANTS = {
    "NINGUNO": EducationLevel.NONE,
    "NINGUNA": EducationLevel.NONE,
    "SIN ESCOLARIDAD": EducationLevel.NONE,
    "PRIMARIA COMPLETA": EducationLevel.PRIMARY,
    "SECUNDARIA COMPLETA": EducationLevel.SECONDARY,
    "BACHILLERATO": EducationLevel.HIGH_SCHOOL,
    "PREPARATORIA O BACHILLERATO": EducationLevel.HIGH_SCHOOL,
    "BACHILLERATO O PREPARATORIA": EducationLevel.HIGH_SCHOOL,
    "MEDIA SUPERIOR": EducationLevel.HIGH_SCHOOL,
    "EDUCACION MEDIA SUPERIOR": EducationLevel.HIGH_SCHOOL,
    "CARRERA TECNICA": EducationLevel.TECHNICAL,
    "TECNICO": EducationLevel.TECHNICAL,
    "ESTUDIOS TECNICOS": EducationLevel.TECHNICAL,
    "NORMAL": EducationLevel.BACHELOR,
    "NORMAL SUPERIOR": EducationLevel.BACHELOR,
    "LICENCIATURA O INGENIERIA": EducationLevel.BACHELOR,
    "INGENIERIA": EducationLevel.BACHELOR,
    "LICENCIATURA O PROFESIONAL": EducationLevel.BACHELOR,
    "PROFESIONAL": EducationLevel.BACHELOR,
    "ESPECIALIDAD O DIPLOMADO": EducationLevel.SPECIALTY,
    "MAESTRIA O ESPECIALIDAD": EducationLevel.MASTER,
    "DOCTORADO O POSDOCTORADO": EducationLevel.DOCTORATE,
}

STATUS_VARIANTS = {
    "TITULADO": EducationStatus.DEGREE,
    "TITULADA": EducationStatus.DEGREE,
    "TITULO PROFESIONAL": EducationStatus.DEGREE,
    "CEDULA": EducationStatus.PROFESSIONAL_LICENSE,
    "FINALIZADO": EducationStatus.CERTIFICATE,
    "FINALIZADA": EducationStatus.CERTIFICATE,
    "CONCLUIDO": EducationStatus.CERTIFICATE,
    "CONCLUIDA": EducationStatus.CERTIFICATE,
    "TERMINADO": EducationStatus.CERTIFICATE,
    "COMPLETO": EducationStatus.CERTIFICATE,
    "EN CURSO": EducationStatus.IN_PROGRESS,
    "ESTUDIANDO": EducationStatus.IN_PROGRESS,
    "CURSANDO ACTUALMENTE": EducationStatus.IN_PROGRESS,
    "TRUNCA": EducationStatus.UNFINISHED,
    "INCONCLUSO": EducationStatus.UNFINISHED,
    "INCONCLUSA": EducationStatus.UNFINISHED,
    "INCOMPLETO": EducationStatus.UNFINISHED,
    "SIN CONCLUIR": EducationStatus.UNFINISHED,
}

# ACCION_AFIRMATIVA: Conóceles' group labels, and the words of OPL registries.
AFFIRMATIVE_ACTION_VARIANTS = {
    "INDIGENA": AffirmativeAction.INDIGENOUS,
    "PERSONA INDIGENA": AffirmativeAction.INDIGENOUS,
    "INDIGENAS": AffirmativeAction.INDIGENOUS,
    "DISCAPACIDAD": AffirmativeAction.DISABILITY,
    "PERSONA CON DISCAPACIDAD": AffirmativeAction.DISABILITY,
    "PERSONAS CON DISCAPACIDAD": AffirmativeAction.DISABILITY,
    "AFROMEXICANA": AffirmativeAction.AFRO_MEXICAN,
    "AFROMEXICANO": AffirmativeAction.AFRO_MEXICAN,
    "AFRODESCENDIENTE": AffirmativeAction.AFRO_MEXICAN,
    "PERSONA AFROMEXICANA": AffirmativeAction.AFRO_MEXICAN,
    "LGBTTTIQ": AffirmativeAction.LGBTTTIQ,
    "LGBTTTIQ+": AffirmativeAction.LGBTTTIQ,
    "LGBTIQ+": AffirmativeAction.LGBTTTIQ,
    "DIVERSIDAD SEXUAL": AffirmativeAction.LGBTTTIQ,
    "PERSONA DE LA DIVERSIDAD SEXUAL": AffirmativeAction.LGBTTTIQ,
    "JOVEN": AffirmativeAction.YOUTH,
    "JOVENES": AffirmativeAction.YOUTH,
    "JUVENTUD": AffirmativeAction.YOUTH,
    "PERSONA JOVEN": AffirmativeAction.YOUTH,
    "PERSONA MAYOR": AffirmativeAction.ELDERLY,
    "ADULTO MAYOR": AffirmativeAction.ELDERLY,
    "ADULTA MAYOR": AffirmativeAction.ELDERLY,
    "PERSONAS MAYORES": AffirmativeAction.ELDERLY,
    "MIGRANTE": AffirmativeAction.MIGRANT,
    "PERSONA MIGRANTE": AffirmativeAction.MIGRANT,
    "RESIDENTE EN EL EXTRANJERO": AffirmativeAction.MIGRANT,
}

# Cells that say "nothing here" in the words OPL files use, besides INE's own placeholders.
EMPTY_VARIANTS = {"n/d", "nd", "n/a", "na", "s/d", "sin dato", "sin datos", "ninguna", "-", "--"}


def _table(ine_labels, variants):
    table = {fold(label): value for label, value in ine_labels.items()}
    table.update({fold(label): value for label, value in variants.items()})
    return table


SEX_BY_LABEL = _table(ine.SEX_BY_LABEL, SEX_VARIANTS)
EDUCATION_BY_LABEL = _table(ine.EDUCATION_BY_LABEL, EDUCATION_VARIANTS)
STATUS_BY_LABEL = _table(ine.STATUS_BY_LABEL, STATUS_VARIANTS)
AFFIRMATIVE_ACTION_BY_LABEL = _table(
    {label: value for value, label in AffirmativeAction.choices}, AFFIRMATIVE_ACTION_VARIANTS
)


def is_empty_variant(text):
    return fold(text) in EMPTY_VARIANTS


# Social networks: the names a cell may use for each (folded), the field and the profile URL.
NETWORKS = {
    "facebook_url": (("facebook", "fb", "face"), "https://www.facebook.com/{}"),
    "x_url": (("x", "twitter", "tw"), "https://x.com/{}"),
    "instagram_url": (("instagram", "ig", "insta"), "https://www.instagram.com/{}"),
    "youtube_url": (("youtube", "yt"), "https://www.youtube.com/@{}"),
    "tiktok_url": (("tiktok", "tik tok"), "https://www.tiktok.com/@{}"),
}
NETWORK_BY_NAME = {name: attr for attr, (names, _url) in NETWORKS.items() for name in names}
HANDLE = re.compile(r"@([A-Za-z0-9_.]{1,100})")
HOST_LIKE = re.compile(r"^(https?://)?([a-z0-9-]+\.)+[a-z]{2,}(/\S*)?$", re.IGNORECASE)


def social_entry(token):
    """(field, URL) for one REDES entry, or (None, token) when the network cannot be known.

    "https://x.com/ana" and "x.com/ana" are URLs (the scheme is added); "Instagram: @ana",
    "@ana (IG)" and "FB @ana" are handles with their network named; a bare "@ana" names none and
    comes back as text for the party to complete.
    """
    token = token.strip()
    if HOST_LIKE.match(token):
        url = token if "//" in token else f"https://{token}"
        host = url.split("//", 1)[1].split("/", 1)[0].removeprefix("www.").lower()
        return dict(ine.SOCIAL_FIELDS).get(host, "other_social_url"), url
    handle = HANDLE.search(token)
    if handle:
        words = fold(HANDLE.sub(" ", token).replace(":", " ").replace("(", " ").replace(")", " "))
        attr = NETWORK_BY_NAME.get(words)
        if attr:
            return attr, NETWORKS[attr][1].format(handle.group(1))
    return None, token


def split_social(cell):
    """A REDES cell's entries: INE separates them with ", "; OPL files also use ";" or lines."""
    if is_empty_variant(cell):
        return []
    parts = re.split(r"\s*[;\n]\s*|,\s+", cell.strip())
    return [part for part in parts if part and not is_empty_variant(part)]
