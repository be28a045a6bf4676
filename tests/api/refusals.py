"""How the read API refuses: one JSON message in Spanish, never Wagtail's or DRF's English."""

from api.fields import API_FIELDS

URL = "/api/v2/candidaturas/"
PUBLIC_KEYS = {"id", "meta", *(field.name for field in API_FIELDS)}
# Words that would betray a message of Wagtail or DRF left in English, or a server error.
ENGLISH = ("unknown", "must be", "cannot", "not allowed", "does not", "error", "Traceback")


def message_of(response, status):
    """The Spanish message of a refusal, after checking its shape."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"message"}
    message = body["message"]
    assert message and not any(word in message for word in ENGLISH), message
    return message
