"""The one definition of what the public may see, shared by every public surface."""

from .models import CandidacyPage

CARD_RELATIONS = ("office", "district", "party", "coalition", "independent", "photo")


def public_candidacies():
    """Published, publicly viewable candidacies with what a card or a row needs, in one query."""
    return CandidacyPage.objects.live().public().select_related(*CARD_RELATIONS)
