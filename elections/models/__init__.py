"""The electoral catalogs: reference data that candidacies point at.

Everything DOMAIN.md marks as a *param* lives on `ElectoralProcess`, never as a constant in code,
so that another institute (or another year) is a matter of data, not of a release.
"""

from .actors import Coalition, CoalitionKind, IndependentCandidacy, Party, SigladoEntry
from .common import OfficeScope, Principle, hex_color_validator, inegi_code_validator
from .geography import District, Municipality, Office, Section
from .institute import InstituteSettings
from .process import ElectoralProcess

__all__ = [
    "Coalition",
    "CoalitionKind",
    "District",
    "ElectoralProcess",
    "IndependentCandidacy",
    "InstituteSettings",
    "Municipality",
    "Office",
    "OfficeScope",
    "Party",
    "Principle",
    "Section",
    "SigladoEntry",
    "hex_color_validator",
    "inegi_code_validator",
]
