"""Count every change to what a thread's posts show, in the database itself.

Row triggers on SQLite and PostgreSQL move `forum_threadrevision.n` for a thread whenever one
of its posts, reactions or images is inserted, updated or deleted, and for every thread of a
group whenever one of its memberships changes name, avatar, role, status or person (a display
name appears on every post). Triggers rather than application code, so no path that writes
(actions, bulk updates, erasure, key rotation, a migration) can change a thread without moving
its revision; the per-process cache of opened threads (hearth/forum/thread_cache.py) relies on
that. Reverting drops the triggers, then the table.
"""

from django.db import migrations, models


# These builders join constant SQL with trigger row references (NEW.x, OLD.x): no input.
def _sqlite_bump(thread_id: str) -> str:
    # The WHERE clause also resolves SQLite's INSERT … SELECT … ON CONFLICT parsing ambiguity.
    return (
        f"INSERT INTO forum_threadrevision (thread_id, n) SELECT {thread_id}, 1 "
        f"WHERE {thread_id} IS NOT NULL ON CONFLICT (thread_id) DO UPDATE SET n = n + 1;"
    )


def _sqlite_bump_group(group_id: str) -> str:
    return (
        "INSERT INTO forum_threadrevision (thread_id, n) SELECT id, 1 FROM forum_thread "  # noqa: S608
        f"WHERE group_id = {group_id} ON CONFLICT (thread_id) DO UPDATE SET n = n + 1;"
    )


def _thread_of(post_id: str) -> str:
    return f"(SELECT thread_id FROM forum_post WHERE id = {post_id})"  # noqa: S608


_ROSTER_CHANGED = " OR ".join(
    f"OLD.{column} IS NOT NEW.{column}"
    for column in ("display_name", "avatar_seed", "role", "status", "user_id", "group_id")
)

SQLITE = [
    f"CREATE TRIGGER forum_post_revision_insert AFTER INSERT ON forum_post "
    f"BEGIN {_sqlite_bump('NEW.thread_id')} END",
    f"CREATE TRIGGER forum_post_revision_update AFTER UPDATE ON forum_post "
    f"BEGIN {_sqlite_bump('OLD.thread_id')} {_sqlite_bump('NEW.thread_id')} END",
    f"CREATE TRIGGER forum_post_revision_delete AFTER DELETE ON forum_post "
    f"BEGIN {_sqlite_bump('OLD.thread_id')} END",
]
for _table in ("forum_reaction", "forum_postimage"):
    SQLITE += [
        f"CREATE TRIGGER {_table}_revision_insert AFTER INSERT ON {_table} "
        f"BEGIN {_sqlite_bump(_thread_of('NEW.post_id'))} END",
        f"CREATE TRIGGER {_table}_revision_update AFTER UPDATE ON {_table} "
        f"BEGIN {_sqlite_bump(_thread_of('OLD.post_id'))} "
        f"{_sqlite_bump(_thread_of('NEW.post_id'))} END",
        f"CREATE TRIGGER {_table}_revision_delete AFTER DELETE ON {_table} "
        f"BEGIN {_sqlite_bump(_thread_of('OLD.post_id'))} END",
    ]
SQLITE += [
    f"CREATE TRIGGER forum_roster_revision_update AFTER UPDATE ON groups_membership "
    f"WHEN {_ROSTER_CHANGED} "
    f"BEGIN {_sqlite_bump_group('OLD.group_id')} {_sqlite_bump_group('NEW.group_id')} END",
    f"CREATE TRIGGER forum_roster_revision_delete AFTER DELETE ON groups_membership "
    f"BEGIN {_sqlite_bump_group('OLD.group_id')} END",
    "CREATE TRIGGER forum_thread_revision_gone AFTER DELETE ON forum_thread "
    "BEGIN DELETE FROM forum_threadrevision WHERE thread_id = OLD.id; END",
]
SQLITE_TRIGGERS = [statement.split()[2] for statement in SQLITE]

POSTGRES = [
    """CREATE FUNCTION forum_bump_thread(t uuid) RETURNS void AS $$
         INSERT INTO forum_threadrevision (thread_id, n) SELECT t, 1 WHERE t IS NOT NULL
         ON CONFLICT (thread_id) DO UPDATE SET n = forum_threadrevision.n + 1;
       $$ LANGUAGE sql""",
    """CREATE FUNCTION forum_bump_group(g uuid) RETURNS void AS $$
         INSERT INTO forum_threadrevision (thread_id, n)
         SELECT id, 1 FROM forum_thread WHERE group_id = g
         ON CONFLICT (thread_id) DO UPDATE SET n = forum_threadrevision.n + 1;
       $$ LANGUAGE sql""",
    """CREATE FUNCTION forum_post_changed() RETURNS trigger AS $$
       BEGIN
         IF TG_OP <> 'INSERT' THEN PERFORM forum_bump_thread(OLD.thread_id); END IF;
         IF TG_OP <> 'DELETE' THEN PERFORM forum_bump_thread(NEW.thread_id); END IF;
         RETURN NULL;
       END; $$ LANGUAGE plpgsql""",
    """CREATE FUNCTION forum_post_part_changed() RETURNS trigger AS $$
       BEGIN
         IF TG_OP <> 'INSERT' THEN
           PERFORM forum_bump_thread((SELECT thread_id FROM forum_post WHERE id = OLD.post_id));
         END IF;
         IF TG_OP <> 'DELETE' THEN
           PERFORM forum_bump_thread((SELECT thread_id FROM forum_post WHERE id = NEW.post_id));
         END IF;
         RETURN NULL;
       END; $$ LANGUAGE plpgsql""",
    """CREATE FUNCTION forum_roster_changed() RETURNS trigger AS $$
       BEGIN
         PERFORM forum_bump_group(OLD.group_id);
         IF TG_OP = 'UPDATE' THEN PERFORM forum_bump_group(NEW.group_id); END IF;
         RETURN NULL;
       END; $$ LANGUAGE plpgsql""",
    """CREATE FUNCTION forum_thread_gone() RETURNS trigger AS $$
       BEGIN
         DELETE FROM forum_threadrevision WHERE thread_id = OLD.id;
         RETURN NULL;
       END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER forum_post_revision AFTER INSERT OR UPDATE OR DELETE ON forum_post
       FOR EACH ROW EXECUTE FUNCTION forum_post_changed()""",
    """CREATE TRIGGER forum_reaction_revision AFTER INSERT OR UPDATE OR DELETE ON forum_reaction
       FOR EACH ROW EXECUTE FUNCTION forum_post_part_changed()""",
    """CREATE TRIGGER forum_postimage_revision AFTER INSERT OR UPDATE OR DELETE
       ON forum_postimage FOR EACH ROW EXECUTE FUNCTION forum_post_part_changed()""",
    f"""CREATE TRIGGER forum_roster_revision_update AFTER UPDATE ON groups_membership
       FOR EACH ROW WHEN ({_ROSTER_CHANGED.replace(" IS NOT ", " IS DISTINCT FROM ")})
       EXECUTE FUNCTION forum_roster_changed()""",
    """CREATE TRIGGER forum_roster_revision_delete AFTER DELETE ON groups_membership
       FOR EACH ROW EXECUTE FUNCTION forum_roster_changed()""",
    """CREATE TRIGGER forum_thread_revision_gone AFTER DELETE ON forum_thread
       FOR EACH ROW EXECUTE FUNCTION forum_thread_gone()""",
]
POSTGRES_UNDO = [
    "DROP TRIGGER IF EXISTS forum_post_revision ON forum_post",
    "DROP TRIGGER IF EXISTS forum_reaction_revision ON forum_reaction",
    "DROP TRIGGER IF EXISTS forum_postimage_revision ON forum_postimage",
    "DROP TRIGGER IF EXISTS forum_roster_revision_update ON groups_membership",
    "DROP TRIGGER IF EXISTS forum_roster_revision_delete ON groups_membership",
    "DROP TRIGGER IF EXISTS forum_thread_revision_gone ON forum_thread",
    "DROP FUNCTION IF EXISTS forum_post_changed, forum_post_part_changed, forum_roster_changed, "
    "forum_thread_gone, forum_bump_thread, forum_bump_group",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(vendor, []):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    undo = {
        "sqlite": [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS],
        "postgresql": POSTGRES_UNDO,
    }
    for statement in undo.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0004_thread_author_title_and_reveals"),
        ("groups", "0005_check_ins"),
    ]

    operations = [
        migrations.CreateModel(
            name="ThreadRevision",
            fields=[
                ("thread_id", models.UUIDField(primary_key=True, serialize=False)),
                ("n", models.PositiveBigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
