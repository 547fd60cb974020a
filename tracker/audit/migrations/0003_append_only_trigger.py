"""On PostgreSQL, the database itself refuses UPDATE and DELETE on the audit table, so that
neither a bug nor someone with the application's SQL access can rewrite history quietly.
(A superuser can still disable the trigger; the hash chain and its anchors catch that.)
TRUNCATE is left alone: Django's test flush uses it, and the chain's anchor detects it."""

from django.db import migrations

# Run through schema_editor.execute with params, so a literal % is written %%.
CREATE = """
CREATE OR REPLACE FUNCTION duban_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '审计日志只能追加，不能修改或删除 / the audit trail is append-only (%%)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_append_only ON audit_auditevent;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION duban_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS duban_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
