"""TaskGroupTally: the dashboard's groups with one column per count, kept by
the same trigger (re-created here) and filled by a rebuild with the clock at
today, on PostgreSQL. (The trigger and rebuild as they were then: without
0004's per-week total, whose table does not exist yet.)"""

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
    schema_editor.execute(trigger_sql(settings.TIME_ZONE, serial=False, week_total=False, coop=False, status=False, due=False))
    schema_editor.execute(LOCK_SQL)
    schema_editor.execute(CLOCK_SET_SQL, [timezone.localdate()])
    for statement in rebuild_sql(settings.TIME_ZONE, week_total=False, coop=False, status=False, due=False):
        schema_editor.execute(statement)


def drop_trigger(apps, schema_editor):  # type: ignore[no-untyped-def]
    # Back to 0002's tables: a trigger writing the group tally could not run
    # (the tallies are then stale until migrated forward again).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER_SQL)


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0002_tally_clock'),
    ]

    operations = [
        migrations.CreateModel(
            name='TaskGroupTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('lead_department_id', models.IntegerField()),
                ('report_id', models.IntegerField()),
                ('kind', models.CharField(max_length=20)),
                ('unassigned', models.BooleanField()),
                ('total', models.IntegerField(default=0)),
                ('done', models.IntegerField(default=0)),
                ('on_time', models.IntegerField(default=0)),
                ('cancelled', models.IntegerField(default=0)),
                ('past_due', models.IntegerField(default=0)),
                ('completed', models.IntegerField(default=0)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('lead_department_id', 'report_id', 'kind', 'unassigned'), name='task_group_tally_key')],
            },
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
