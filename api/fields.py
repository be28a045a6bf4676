"""The read API's fields: the public projection's API fields (`public.projection`), nothing else.

The names, the order and the values come from the projection; this module only adapts them to
Wagtail's `APIField` and DRF (datetimes in DRF's format, the page of results' badges computed
once by the view and passed in the serializer context).
"""

import datetime as dt

from wagtail.api import APIField

from rest_framework import serializers

from public.projection import API_FIELDS as PUBLIC_FIELDS
from public.projection import Context


class ProjectionField(serializers.Field):
    """One public field, read from the whole page object."""

    def __init__(self, public_field, **kwargs):
        self.public_field = public_field
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, page):
        value = self.public_field.api_value(page, Context(self.context.get("badges")))
        if isinstance(value, dt.datetime):
            return serializers.DateTimeField().to_representation(value)
        return value


API_FIELDS = [APIField(f.api_key, ProjectionField(f)) for f in PUBLIC_FIELDS]

LISTING_DEFAULT_FIELDS = [
    "id", "type", "detail_url", "nombre", "cargo", "distrito", "municipio", "postula",
    "partido", "sexo", "edad", "foto",
]  # fmt: skip
