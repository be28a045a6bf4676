"""The moderation suite's world (a process, three parties, one user per role) for the API tests."""

from tests.moderation.conftest import login, world  # noqa: F401
