"""PostgreSQL: the weighted, unaccented document and the name vector, generated from the row
(so no writer can forget them), with GIN indexes; a trigram index for typo-tolerant names.
Then the documents of candidacies already live, on every database.

`to_tsvector` with an explicit configuration is immutable, so it may feed a generated column;
`spanish_unaccent` and `simple_unaccent` come from 0001.
"""

from django.db import migrations

FORWARD = """
ALTER TABLE search_searchdocument ADD COLUMN document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('spanish_unaccent'::regconfig, name), 'A')
    || setweight(to_tsvector('spanish_unaccent'::regconfig, related), 'B')
    || setweight(to_tsvector('spanish_unaccent'::regconfig, proposals), 'C')
    || setweight(to_tsvector('spanish_unaccent'::regconfig, other), 'D')
) STORED;
ALTER TABLE search_searchdocument ADD COLUMN name_vector tsvector GENERATED ALWAYS AS (
    to_tsvector('simple_unaccent'::regconfig, name)
) STORED;
CREATE INDEX search_document_gin ON search_searchdocument USING gin (document);
CREATE INDEX search_name_vector_gin ON search_searchdocument USING gin (name_vector);
CREATE INDEX search_name_key_trgm ON search_searchdocument USING gin (name_key gin_trgm_ops);
"""

BACKWARD = """
DROP INDEX IF EXISTS search_name_key_trgm;
DROP INDEX IF EXISTS search_name_vector_gin;
DROP INDEX IF EXISTS search_document_gin;
ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS name_vector;
ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS document;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


def fill(apps, schema_editor):
    # A fresh database has no live candidacy; an existing one gets its documents from the
    # current models (the text of a page comes from their methods, which historical models lack).
    historical = apps.get_model("candidates", "CandidacyPage")
    if historical.objects.filter(live=True).exists():
        from search.documents import rebuild

        rebuild()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_document")]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
