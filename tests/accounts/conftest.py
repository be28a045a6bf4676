from tests.moderation.conftest import login, world  # noqa: F401  (shared role fixtures)
