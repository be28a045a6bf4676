"""The public order as one indexed column (candidates.ordering), filled for existing candidacies.

The backfill runs before the index is built, so the index is built once over final values.
"""

from django.db import migrations, models


def backfill(apps, schema_editor):
    from candidates.ordering import refresh_keys

    refresh_keys(apps.get_model("candidates", "CandidacyPage").objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0005_candidacy_affirmative_action_index"),
        ("elections", "0004_party_per_process"),
    ]

    operations = [
        migrations.AddField(
            model_name="candidacypage",
            name="public_order",
            field=models.CharField(
                blank=True, default="", editable=False, max_length=285, verbose_name="orden público"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="candidacypage",
            index=models.Index(fields=["public_order", "page_ptr"], name="candidacy_public_order"),
        ),
    ]
