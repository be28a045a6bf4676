"""Sensitive identity data lives here, outside page fields and page revisions.

Every model hangs off a `candidates.CandidacyPage` (one registered person) and is reached only
through `identity.rules` (staff), the public projection's `public.badges` / `public.consent`
or `identity.statistics` (public surfaces, which filter by consent and lifecycle).
"""

from .consent import ConsentEvent, ConsentRecord, NoticeAcceptance
from .lifecycle import (
    IdentityAccessLog,
    IdentityAggregateSnapshot,
    PrivacyLifecycleLog,
    ProcessPrivacyState,
)
from .notices import PrivacyNoticePage, PrivacyNoticeVersion
from .questionnaire import IdentityQuestionnaire

__all__ = [
    "ConsentEvent",
    "ConsentRecord",
    "IdentityAccessLog",
    "IdentityAggregateSnapshot",
    "IdentityQuestionnaire",
    "NoticeAcceptance",
    "PrivacyLifecycleLog",
    "PrivacyNoticePage",
    "PrivacyNoticeVersion",
    "ProcessPrivacyState",
]
