"""A candidacy inside another resource (the ballot): the listing's default fields plus the
catalog keys and badges, each read from the public projection like the candidacies resource."""

import datetime as dt

from rest_framework import serializers

from public.projection import API_FIELDS, Context

from .fields import LISTING_DEFAULT_FIELDS

SUMMARY_KEYS = [k for k in LISTING_DEFAULT_FIELDS if k not in ("id", "type", "detail_url")] + [
    "tipo",
    "numero_lista",
    "insignias",
    "claves",
]
SUMMARY_FIELDS = [f for f in API_FIELDS if f.api_key in SUMMARY_KEYS]


def candidacy_summary(candidacy, badges):
    context = Context(badges)
    summary = {"id": candidacy.pk}
    for field in SUMMARY_FIELDS:
        value = field.api_value(candidacy, context)
        if isinstance(value, dt.datetime):
            value = serializers.DateTimeField().to_representation(value)
        summary[field.api_key] = value
    return summary
