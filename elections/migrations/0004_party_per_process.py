"""Parties belong to one process: existing rows go to the process that uses them."""

import django.db.models.deletion
from django.db import migrations, models


def assign_parties(apps, schema_editor):
    """Give each party the process it is used in (capturing, coalition or siglado), else the
    latest process: databases before this migration hold a single process."""
    Party = apps.get_model("elections", "Party")
    ElectoralProcess = apps.get_model("elections", "ElectoralProcess")
    Coalition = apps.get_model("elections", "Coalition")
    latest = ElectoralProcess.objects.order_by("-election_day", "-pk").first()
    if latest is None:
        # No process, hence no page, candidacy or coalition can point at these rows.
        Party.objects.all().delete()
        return
    for party in Party.objects.all():
        process_id = (
            ElectoralProcess.objects.filter(capturing_parties=party)
            .order_by("-election_day")
            .values_list("pk", flat=True)
            .first()
            or Coalition.objects.filter(members=party)
            .order_by("-process__election_day")
            .values_list("process_id", flat=True)
            .first()
            or latest.pk
        )
        Party.objects.filter(pk=party.pk).update(process_id=process_id)
    if schema_editor.connection.vendor == "postgresql":
        # Check the deferred foreign keys now: PostgreSQL refuses to ALTER a table with pending
        # trigger events, and the next operation makes the column NOT NULL.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("elections", "0003_institute_settings"),
    ]

    operations = [
        migrations.AddField(
            model_name="party",
            name="process",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="parties",
                to="elections.electoralprocess",
                verbose_name="proceso",
            ),
        ),
        migrations.RunPython(assign_parties, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="party",
            name="process",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="parties",
                to="elections.electoralprocess",
                verbose_name="proceso",
            ),
        ),
        migrations.AlterField(
            model_name="party",
            name="acronym",
            field=models.CharField(max_length=20, verbose_name="siglas"),
        ),
        migrations.AlterField(
            model_name="party",
            name="name",
            field=models.CharField(max_length=150, verbose_name="nombre"),
        ),
        migrations.AlterField(
            model_name="party",
            name="slug",
            field=models.SlugField(verbose_name="identificador"),
        ),
        migrations.AddConstraint(
            model_name="party",
            constraint=models.UniqueConstraint(
                fields=("process", "acronym"), name="unique_party_acronym_per_process"
            ),
        ),
        migrations.AddConstraint(
            model_name="party",
            constraint=models.UniqueConstraint(
                fields=("process", "slug"), name="unique_party_slug_per_process"
            ),
        ),
        migrations.AddConstraint(
            model_name="party",
            constraint=models.UniqueConstraint(
                fields=("process", "name"), name="unique_party_name_per_process"
            ),
        ),
    ]
