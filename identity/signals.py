"""Freeze each privacy notice as it is published, so consents point at the exact text read.

Visibility changes are announced through identity/events.py; refreshing public copies is
publishing/'s job.
"""

from django.dispatch import receiver

from wagtail.signals import page_published


@receiver(page_published)
def freeze_privacy_notice(sender, instance, **kwargs):
    from .models import PrivacyNoticePage

    if isinstance(instance, PrivacyNoticePage):
        instance.freeze_version()
