"""关键词搜索 on PostgreSQL: pg_trgm GIN indexes on title and description.

pg_trgm makes trigrams of CJK text under the C.UTF-8 locale our databases use
(checked: show_trgm('应急管理厅法规处') gives the nine trigrams of its eight
characters), so ``ILIKE '%森林防火%'`` is answered from the index. SQLite keeps
the plain substring match.
"""

from django.db import migrations

INDEXES = {
    "task_title_trgm": "title",
    "task_description_trgm": "description",
}


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("create extension if not exists pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"create index if not exists {name} on tasks_task using gin ({column} gin_trgm_ops)"
        )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"drop index if exists {name}")


class Migration(migrations.Migration):
    dependencies = [("tasks", "0003_list_and_search_indexes")]
    operations = [migrations.RunPython(create, drop)]
