"""Validators and vocabularies shared by the catalog models."""

from django.core.validators import RegexValidator
from django.db import models

hex_color_validator = RegexValidator(
    r"^#[0-9A-Fa-f]{6}$", "Escribe el color en formato hexadecimal, por ejemplo #0055A4."
)
inegi_code_validator = RegexValidator(
    r"^\d{5}$", "La clave INEGI tiene cinco dígitos (dos de la entidad y tres del municipio)."
)


class Principle(models.TextChoices):
    MAJORITY = "MR", "Mayoría relativa"
    PROPORTIONAL = "RP", "Representación proporcional"


class OfficeScope(models.TextChoices):
    STATE = "state", "Estatal (toda la entidad)"
    DISTRICT = "district", "Distrito local"
    MUNICIPALITY = "municipality", "Municipio"
    LIST = "list", "Lista de representación proporcional"
