from .candidacy import CandidacyPage
from .tree import CapturingActorPage, ProcessPage

__all__ = ["CandidacyPage", "CapturingActorPage", "ProcessPage"]
