"""Drop the answer's own index on `response_id`: the unique (response_id, question_key) index starts with it.

Only the index is dropped (the same name on PostgreSQL and SQLite): Django's AlterField would also drop and re-add the
foreign key, which re-checks every answer under a lock.
"""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "surveys_answer_response_id_5416c873"


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="answer",
                    name="response",
                    field=models.ForeignKey(
                        db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="answers", to="surveys.response",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql=f'DROP INDEX IF EXISTS "{INDEX}"',
                    reverse_sql=f'CREATE INDEX "{INDEX}" ON "surveys_answer" ("response_id")',
                ),
            ],
        ),
    ]
