"""Field rules of the curricular questionnaire, with the Spanish messages a capturist reads."""

import re
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.deconstruct import deconstructible

from .pdf import check_pdf, read_upload

phone_validator = RegexValidator(
    r"^\d{10}$",
    "El teléfono público debe tener exactamente 10 dígitos, sin espacios ni guiones.",
)
postal_code_validator = RegexValidator(r"^\d{5}$", "El código postal tiene 5 dígitos.")

# Hosts accepted for each social network field; subdomains (www., m., mobile.) are accepted too.
SOCIAL_NETWORK_HOSTS = {
    "facebook": ("Facebook", {"facebook.com", "fb.com", "fb.me"}),
    "x": ("X (Twitter)", {"x.com", "twitter.com"}),
    "instagram": ("Instagram", {"instagram.com", "instagr.am"}),
    "youtube": ("YouTube", {"youtube.com", "youtu.be"}),
    "tiktok": ("TikTok", {"tiktok.com"}),
}
VIDEO_HOSTS = {"youtube.com", "youtu.be", "vimeo.com", "facebook.com", "tiktok.com"}


def _host_matches(url, hosts):
    host = (urlparse(url).hostname or "").lower()
    return any(host == allowed or host.endswith("." + allowed) for allowed in hosts)


@deconstructible
class SocialNetworkURLValidator:
    """Accepts only links to the named network, so that a Facebook field holds a Facebook link."""

    def __init__(self, network):
        self.network = network

    def __call__(self, value):
        label, hosts = SOCIAL_NETWORK_HOSTS[self.network]
        if value and not _host_matches(value, hosts):
            raise ValidationError(
                f"El enlace no corresponde a {label}: debe empezar con "
                f"https://{sorted(hosts)[0]}/ o equivalente.",
                code="wrong_network",
            )

    def __eq__(self, other):
        return isinstance(other, SocialNetworkURLValidator) and other.network == self.network

    def __hash__(self):
        return hash(self.network)


def validate_video_url(value):
    if value and not _host_matches(value, VIDEO_HOSTS):
        raise ValidationError(
            "El video debe estar publicado en YouTube, Vimeo, Facebook o TikTok.",
            code="video_host",
        )


def validate_https_url(value):
    if value and urlparse(value).scheme not in {"http", "https"}:
        raise ValidationError("El enlace debe empezar con http:// o https://.", code="scheme")


# Stored "3 de 3" files are read whole to be checked: twice the upload limit is plenty.
PDF_READ_LIMIT = 20 * 1024 * 1024


def validate_pdf_file(file):
    """The "3 de 3" document must be a real PDF without active content, whatever its name says."""
    name = getattr(file, "name", "") or ""
    if not name.lower().endswith(".pdf"):
        raise ValidationError("El documento «3 de 3» debe ser un archivo PDF.", code="not_pdf")
    data = read_upload(file, PDF_READ_LIMIT)
    if len(data) > PDF_READ_LIMIT:
        raise ValidationError("El documento «3 de 3» es demasiado grande.", code="too_big")
    check_pdf(data, label="El documento «3 de 3»")


def photo_errors(image, process):
    """Return the Spanish problems of a candidacy photo against the process limits."""
    problems = []
    if image is None:
        return problems
    filename = (getattr(image.file, "name", "") or "").lower()
    if not re.search(r"\.(jpe?g|png)$", filename):
        problems.append("La fotografía debe ser JPEG o PNG.")
    size = image.file_size
    if size is None:
        try:
            size = image.file.size
        except (OSError, ValueError):
            size = None
    if size is not None and size > process.photo_max_bytes:
        problems.append(
            f"La fotografía pesa {size / 1024:.0f} KB; el máximo es "
            f"{process.photo_max_bytes / 1024:.0f} KB."
        )
    if image.width < process.photo_min_width or image.height < process.photo_min_height:
        problems.append(
            f"La fotografía mide {image.width}×{image.height} px; el mínimo es "
            f"{process.photo_min_width}×{process.photo_min_height} px."
        )
    if image.width > process.photo_max_width or image.height > process.photo_max_height:
        problems.append(
            f"La fotografía mide {image.width}×{image.height} px; el máximo es "
            f"{process.photo_max_width}×{process.photo_max_height} px."
        )
    return problems


def length_error(label, text, minimum, maximum, process):
    """A Spanish message when `text` is outside [minimum, maximum], else None. Empty is allowed."""
    if not text or not text.strip():
        return None
    count = process.count_chars(text)
    unit = "caracteres" if process.limits_count_spaces else "caracteres sin contar espacios"
    if count < minimum:
        return f"{label} debe tener al menos {minimum} {unit}; tiene {count}."
    if count > maximum:
        return f"{label} debe tener como máximo {maximum} {unit}; tiene {count}."
    return None
