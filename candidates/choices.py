"""Closed vocabularies of the curricular questionnaire, labelled as the institute writes them."""

from django.db import models


class Sex(models.TextChoices):
    WOMAN = "M", "Mujer"
    MAN = "H", "Hombre"
    NON_BINARY = "X", "No binario"


class FormulaRole(models.TextChoices):
    OWNER = "propietario", "Propietaria/Propietario"
    SUBSTITUTE = "suplente", "Suplente"


class EducationLevel(models.TextChoices):
    NONE = "sin_estudios", "Sin estudios"
    PRIMARY = "primaria", "Primaria"
    SECONDARY = "secundaria", "Secundaria"
    HIGH_SCHOOL = "preparatoria", "Preparatoria"
    TECHNICAL = "tecnica", "Técnica"
    BACHELOR = "licenciatura", "Licenciatura"
    SPECIALTY = "especialidad", "Especialidad"
    MASTER = "maestria", "Maestría"
    DOCTORATE = "doctorado", "Doctorado"


class EducationStatus(models.TextChoices):
    DEGREE = "titulo", "Título"
    PROFESSIONAL_LICENSE = "cedula", "Cédula profesional"
    CERTIFICATE = "certificado", "Certificado"
    IN_PROGRESS = "cursando", "Cursando"
    UNFINISHED = "trunco", "Trunco"


class AffirmativeAction(models.TextChoices):
    """Groups a candidacy can be registered under; public, since it is registration data."""

    INDIGENOUS = "indigena", "Persona indígena"
    DISABILITY = "discapacidad", "Persona con discapacidad"
    AFRO_MEXICAN = "afromexicana", "Persona afromexicana"
    LGBTTTIQ = "lgbtttiq", "Persona LGBTTTIQ+"
    YOUTH = "joven", "Persona joven"
    ELDERLY = "persona_mayor", "Persona mayor"
    MIGRANT = "migrante", "Persona migrante"
