from django.db import models

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Orderable, Page


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False)
    attribution = blocks.CharBlock(required=False)

    class Meta:
        template = "bakery_baseline/blocks/captioned_image.html"


class HeadingBlock(blocks.StructBlock):
    heading_text = blocks.CharBlock()
    size = blocks.ChoiceBlock(choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")], required=False)

    class Meta:
        template = "bakery_baseline/blocks/heading.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribute_name = blocks.CharBlock(required=False)

    class Meta:
        template = "bakery_baseline/blocks/quote.html"


class BodyBlock(blocks.StreamBlock):
    heading_block = HeadingBlock()
    paragraph_block = blocks.RichTextBlock()
    image_block = CaptionedImageBlock()
    block_quote = QuoteBlock()


class Person(models.Model):
    first_name = models.CharField(max_length=254)
    last_name = models.CharField(max_length=254)
    job_title = models.CharField(max_length=254)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    live = models.BooleanField(default=True)

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class FooterText(models.Model):
    body = RichTextField()
    live = models.BooleanField(default=True)

    def __str__(self):
        return "Footer text"


@register_setting
class GenericSettings(BaseGenericSetting):
    mastodon_url = models.URLField(blank=True)
    github_url = models.URLField(blank=True)
    organisation_url = models.URLField(blank=True)


@register_setting
class SiteSettings(BaseSiteSetting):
    title_suffix = models.CharField(max_length=255, default="The Wagtail Bakery")


class StandardPage(Page):
    introduction = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True)


class BlogIndexPage(Page):
    introduction = models.TextField(blank=True)


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey("BlogPage", related_name="tagged_items", on_delete=models.CASCADE)


class BlogPage(Page):
    subtitle = models.CharField(blank=True, max_length=255)
    introduction = models.TextField(blank=True, max_length=500)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(BodyBlock(), blank=True)
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True)
    date_published = models.DateField(blank=True, null=True)

    def authors(self):
        """The page's live authors, in their order (bakerydemo filters out unpublished people)."""
        return [
            relation.person
            for relation in self.blog_person_relationship.filter(person__live=True).select_related(
                "person"
            )
        ]

    @property
    def tag_links(self):
        index_url = self.get_parent().url
        return [(tag, f"{index_url}?tag={tag.slug}") for tag in self.tags.all()]


class BlogPersonRelationship(Orderable):
    page = ParentalKey(BlogPage, related_name="blog_person_relationship", on_delete=models.CASCADE)
    person = models.ForeignKey(Person, related_name="+", on_delete=models.CASCADE)
