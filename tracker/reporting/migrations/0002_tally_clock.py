"""The tally clock: TaskTally counts 逾期 as of a day, so that the dashboard
reads only the deadlines since that day instead of the overdue backlog. The
trigger with the new key and the rebuild with the clock at today are made by
0003 (PostgreSQL)."""

from django.db import migrations, models

from tracker.reporting.tally_sql import DROP_TRIGGER_SQL


def create_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    # 0003 creates the trigger and fills the tallies: the SQL (tally_sql) now
    # also writes 0003's table, so it cannot run here.
    return


def drop_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    # Back to 0001's columns: a trigger writing past_due could not run.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER_SQL)


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0001_tallies'),
    ]

    operations = [
        migrations.CreateModel(
            name='TallyClock',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('as_of', models.DateField()),
            ],
        ),
        migrations.RemoveConstraint(
            model_name='tasktally',
            name='task_tally_key',
        ),
        migrations.AddField(
            model_name='tasktally',
            name='past_due',
            field=models.BooleanField(default=False),
        ),
        migrations.AddConstraint(
            model_name='tasktally',
            constraint=models.UniqueConstraint(fields=('lead_department_id', 'report_id', 'kind', 'status', 'due_year', 'on_time', 'has_completed', 'past_due'), name='task_tally_key'),
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
