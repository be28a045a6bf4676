"""Public views of candidacies: listing, ballot, comparison, parties and coalitions, FAQ."""

from .ballot import ballot
from .compare import compare
from .listing import (
    candidacy_list,
    coalition_detail,
    independent_detail,
    organization_index,
    party_detail,
)
from .pages import faq

__all__ = [
    "ballot",
    "candidacy_list",
    "coalition_detail",
    "compare",
    "faq",
    "independent_detail",
    "organization_index",
    "party_detail",
]
