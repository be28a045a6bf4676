"""A blog page built the way Wagtail's bakerydemo builds its blog page, as the bench's baseline.

Issue 16 asks for the profile to be measured against bakerydemo's blog page "in the same run";
bakerydemo's code cannot be committed here, nor fetched on the bench machines, so this app
rebuilds what that page does on each request with our own code: a page routed two levels
down, a hero image, authors (people with portraits) through an orderable relation, tags,
a StreamField body of headings, rich text, images with captions and quotes, a top menu with
dropdowns, breadcrumbs, a footer snippet and generic and site settings. Installed only by the
bench's settings (bench/bench_settings.py), on the bench's database, under its own host.
"""
