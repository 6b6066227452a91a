"""Items per level, kept by triggers on the item table (archives.models.LevelTally)."""

from django.db import migrations, models

ITEMS, TALLY = "archives_archiveitem", "archives_leveltally"
ADD = (
    f"INSERT INTO {TALLY} (level, items) VALUES (NEW.level, 1) "
    f"ON CONFLICT (level) DO UPDATE SET items = {TALLY}.items + 1;"
)
TAKE = f"UPDATE {TALLY} SET items = items - 1 WHERE level = OLD.level;"
FILL = f"INSERT INTO {TALLY} (level, items) SELECT level, COUNT(*) FROM {ITEMS} GROUP BY level;"

POSTGRESQL = f"""
CREATE FUNCTION archives_item_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM {TALLY};
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN {TAKE} END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN {ADD} END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER archives_item_tally AFTER INSERT OR DELETE OR UPDATE OF level ON {ITEMS}
    FOR EACH ROW EXECUTE FUNCTION archives_item_tally();
CREATE TRIGGER archives_item_tally_truncate AFTER TRUNCATE ON {ITEMS}
    FOR EACH STATEMENT EXECUTE FUNCTION archives_item_tally();
"""
POSTGRESQL_UNDO = f"""
DROP TRIGGER archives_item_tally_truncate ON {ITEMS};
DROP TRIGGER archives_item_tally ON {ITEMS};
DROP FUNCTION archives_item_tally();
"""
# SQLite has no TRUNCATE: Django empties a table there with DELETE, which the triggers count.
SQLITE = [
    f"CREATE TRIGGER archives_item_tally_insert AFTER INSERT ON {ITEMS} BEGIN {ADD} END;",
    f"CREATE TRIGGER archives_item_tally_delete AFTER DELETE ON {ITEMS} BEGIN {TAKE} END;",
    f"CREATE TRIGGER archives_item_tally_level AFTER UPDATE OF level ON {ITEMS} "
    f"BEGIN {TAKE} {ADD} END;",
]
SQLITE_UNDO = [
    f"DROP TRIGGER archives_item_tally_{name};" for name in ("insert", "delete", "level")
]


def install(apps, schema_editor):
    statements = [POSTGRESQL] if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in [*statements, FILL]:
        schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for statement in [POSTGRESQL_UNDO] if postgresql else SQLITE_UNDO:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("archives", "0010_finding_rights"),
    ]

    operations = [
        migrations.CreateModel(
            name="LevelTally",
            fields=[
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("top_secret", "Top secret"),
                            ("secret", "Secret"),
                            ("confidential", "Confidential"),
                            ("internal", "Internal"),
                        ],
                        max_length=16,
                        primary_key=True,
                        serialize=False,
                        verbose_name="level",
                    ),
                ),
                ("items", models.BigIntegerField(default=0, verbose_name="items")),
            ],
            options={
                "verbose_name": "items per level",
                "verbose_name_plural": "items per level",
                "default_permissions": (),
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
