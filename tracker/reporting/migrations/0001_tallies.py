"""The dashboard tallies and, on PostgreSQL, the trigger that keeps them exact."""

from django.db import migrations, models

from tracker.reporting.tally_sql import DROP_TRIGGER_SQL


def create_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    # 0002 creates the trigger and fills the tallies: its SQL (tally_sql) writes
    # the columns 0002 adds, so it cannot run here.
    return


def drop_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER_SQL)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("tasks", "0004_trigram_search"),
    ]

    operations = [
        migrations.CreateModel(
            name="TaskTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("lead_department_id", models.IntegerField()),
                ("report_id", models.IntegerField()),
                ("kind", models.CharField(max_length=20)),
                ("status", models.CharField(max_length=20)),
                ("due_year", models.IntegerField()),
                ("on_time", models.BooleanField()),
                ("has_completed", models.BooleanField()),
                ("n", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("lead_department_id", "report_id", "kind", "status", "due_year", "on_time", "has_completed"),
                        name="task_tally_key",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="TaskDoneWeek",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("week", models.DateField()),
                ("lead_department_id", models.IntegerField()),
                ("report_id", models.IntegerField()),
                ("due_year", models.IntegerField()),
                ("n", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("week", "lead_department_id", "report_id", "due_year"),
                        name="task_done_week_key",
                    )
                ],
            },
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
