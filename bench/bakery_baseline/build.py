"""The baseline blog: a site of its own, a menu as bakerydemo's, and one blog post as long as
bakerydemo's (its body, authors and tags), with real images so that renditions are made."""

import datetime
import io

from django.core.files.images import ImageFile
from django.core.management import call_command

from wagtail.images.models import Image
from wagtail.models import Page, Site

from PIL import Image as PILImage

from .models import (
    BlogIndexPage,
    BlogPage,
    BlogPersonRelationship,
    FooterText,
    GenericSettings,
    Person,
    SiteSettings,
    StandardPage,
)

HOSTNAME = "bakery.testserver"
POST_SLUG = "the-joy-of-sourdough"

PARAGRAPH = (
    "<p>Bread has been a staple of human diets for thousands of years. From the "
    '<a href="https://en.wikipedia.org/wiki/Sourdough">sourdough</a> of ancient Egypt to the '
    "baguettes of modern Paris, every culture has its loaf. A good starter needs flour, water "
    "and patience: <b>feed it daily</b>, keep it warm, and it will reward you with a crumb "
    "that no commercial yeast can match. <i>Time</i> is the ingredient most recipes forget.</p>"
)


def _image(title, width, height, colour):
    buffer = io.BytesIO()
    picture = PILImage.new("RGB", (width, height), colour)
    for x in range(0, width, 40):  # some detail, so that encoding is not trivial
        for y in range(0, height, 40):
            picture.putpixel((x, y), (255 - colour[0], 255 - colour[1], 255 - colour[2]))
    picture.save(buffer, "JPEG", quality=85)
    return Image.objects.create(
        title=title,
        file=ImageFile(buffer, name=f"bakery-{title.lower().replace(' ', '-')}.jpg"),
        width=width,
        height=height,
    )


def _body(images):
    return [
        ("paragraph_block", PARAGRAPH),
        ("heading_block", {"heading_text": "Why sourdough?", "size": "h2"}),
        ("paragraph_block", PARAGRAPH),
        ("paragraph_block", PARAGRAPH),
        (
            "image_block",
            {"image": images[0], "caption": "A loaf fresh from the oven", "attribution": "Baker"},
        ),
        ("paragraph_block", PARAGRAPH),
        (
            "block_quote",
            {
                "text": "Good bread is the most fundamentally satisfying of all foods.",
                "attribute_name": "James Beard",
            },
        ),
        ("heading_block", {"heading_text": "Feeding the starter", "size": "h3"}),
        ("paragraph_block", PARAGRAPH),
        ("image_block", {"image": images[1], "caption": "The starter", "attribution": ""}),
        ("paragraph_block", PARAGRAPH),
    ]


def ensure_bakery_blog():
    """Migrates the app and builds the blog once; returns (host, path) of the blog post."""
    call_command("migrate", "bakery_baseline", verbosity=0)
    post = BlogPage.objects.filter(slug=POST_SLUG).first()
    if post is None:
        post = _build()
    return HOSTNAME, post.url_path.split("/", 2)[2]


def _build():
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=StandardPage(title="Welcome to the Wagtail Bakery", slug="bakery-home")
    )
    site = Site.objects.create(
        hostname=HOSTNAME, port=443, root_page=home, site_name="The Wagtail Bakery"
    )
    for title, children in [
        ("Breads", ["Bagel", "Baguette", "Focaccia"]),
        ("Locations", ["Reykjavik", "Mexico City", "Lima"]),
        ("Gallery", []),
        ("About", []),
        ("Contact us", []),
    ]:
        section = home.add_child(instance=StandardPage(title=title, show_in_menus=True))
        for child in children:
            section.add_child(instance=StandardPage(title=child, show_in_menus=True))
    index = home.add_child(
        instance=BlogIndexPage(title="Blog", slug="blog", show_in_menus=True, introduction="News")
    )
    hero = _image("Sourdough hero", 2400, 1200, (180, 120, 60))
    figures = [
        _image("Loaf", 1600, 1000, (150, 100, 50)),
        _image("Starter", 1600, 1000, (220, 200, 170)),
    ]
    people = [
        Person.objects.create(
            first_name=first, last_name=last, job_title=job, image=_image(first, 400, 400, colour)
        )
        for first, last, job, colour in [
            ("Olivia", "Ava", "Head baker", (90, 60, 30)),
            ("Roberto", "Rosario", "Writer", (60, 90, 30)),
        ]
    ]
    post = index.add_child(
        instance=BlogPage(
            title="The joy of sourdough",
            slug=POST_SLUG,
            subtitle="Flour, water, salt and time",
            introduction="What a starter teaches a baker about patience.",
            image=hero,
            body=_body(figures),
            date_published=datetime.date(2017, 2, 10),
        )
    )
    for order, person in enumerate(people):
        BlogPersonRelationship.objects.create(page=post, person=person, sort_order=order)
    post.tags.add("sourdough", "starter", "baking")
    post.save()
    FooterText.objects.create(body="<p>Copyright 2017 The Wagtail Bakery. All rights reserved.</p>")
    GenericSettings.objects.create(
        mastodon_url="https://fosstodon.org/@wagtail", github_url="https://github.com/wagtail"
    )
    SiteSettings.objects.create(site=site, title_suffix="The Wagtail Bakery")
    return post
