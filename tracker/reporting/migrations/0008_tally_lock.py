"""The tally lock in the triggers: a write that moves a count takes it before
the tally rows and holds it to commit (the lock order of every task write,
``tracker.audit.services.task_write``), on PostgreSQL."""

from django.conf import settings
from django.db import migrations

from tracker.reporting.tally_sql import coop_trigger_sql, trigger_sql


def create_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(trigger_sql(settings.TIME_ZONE))
        schema_editor.execute(coop_trigger_sql(settings.TIME_ZONE))


def drop_lock(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(trigger_sql(settings.TIME_ZONE, serial=False))
        schema_editor.execute(coop_trigger_sql(settings.TIME_ZONE, serial=False))


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0007_due_window'),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_lock),
    ]
