"""A partial index for the listing's «Acción afirmativa» filter (tests/deploy/test_query_plans.py).

Few candidacies have one, so the filter is selective and, without an index, its count and its
page each read the whole candidacy table. SQL rather than Meta.indexes: the index only holds
the rows with a value (a partial index), and the model's state need not know about it.
"""

from django.db import migrations

INDEX = "candidates_candidacy_affirmative_action_idx"


class Migration(migrations.Migration):
    dependencies = [("candidates", "0004_candidacy_alias")]

    operations = [
        migrations.RunSQL(
            sql=(
                f"CREATE INDEX IF NOT EXISTS {INDEX} ON candidates_candidacypage "
                "(affirmative_action) WHERE affirmative_action <> ''"
            ),
            reverse_sql=f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
