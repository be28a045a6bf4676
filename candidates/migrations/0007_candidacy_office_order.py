"""A contest's rivals (and a listing filtered by office) read in the stored public order."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("candidates", "0006_candidacy_public_order")]

    operations = [
        migrations.AddIndex(
            model_name="candidacypage",
            index=models.Index(fields=["office", "public_order"], name="candidacy_office_order"),
        ),
    ]
