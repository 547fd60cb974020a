"""The tally clock: TaskTally counts 逾期 as of a day, so that the dashboard
reads only the deadlines since that day instead of the overdue backlog. On
PostgreSQL the trigger is re-created with the new key and the tallies are
rebuilt with the clock at today."""

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

from tracker.reporting.tally_sql import (
    CLOCK_SET_SQL,
    DROP_TRIGGER_SQL,
    LOCK_SQL,
    rebuild_sql,
    trigger_sql,
)


def create_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(trigger_sql(settings.TIME_ZONE))
    schema_editor.execute(LOCK_SQL)
    schema_editor.execute(CLOCK_SET_SQL, [timezone.localdate()])
    for statement in rebuild_sql(settings.TIME_ZONE):
        schema_editor.execute(statement)


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
