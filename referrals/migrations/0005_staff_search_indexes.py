"""The staff-wide search's indexes on PostgreSQL (issue 17 §2, reviews/search/): the pg_trgm and
unaccent extensions, an IMMUTABLE unaccent an index can be built on (unaccent() itself is only
STABLE), and on a child's name and other names, folded (lower case, no accents), a trigram index
(a part of a name, or one typed with a small mistake) and a full-text one (its words in any
order), and trigram indexes for a part of a reference or of an agency's name typed by the
referrer. On SQLite none of that is made: the search there is a plain case-insensitive match.
Both have an index on a child's date of birth.

The index expressions are the ones reviews/search/selectors.py writes (a test EXPLAINs the
search and checks each is used): change one, change the other."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations, models

FOLD_FUNCTION = """
CREATE OR REPLACE FUNCTION cscp_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
"""
FIELDS = ("full_name", "other_names")


# A referral's reference and the name of an agency involved that is not on the list (as the
# referrer typed it), upper-cased as Django's icontains compares: read from the index, not by
# testing every referral and every agency involved.
ICONTAINS_INDEXES = {
    "referral_reference_trgm_idx": "referrals_referral USING gin (upper(reference) gin_trgm_ops)",
    "agencyinvolved_agency_name_trgm_idx": "referrals_agencyinvolved USING gin (upper(agency_name) gin_trgm_ops)",
}


def index_sql(field: str) -> list[str]:
    folded = f"cscp_unaccent(lower({field}))"
    return [
        f"CREATE INDEX child_{field}_trgm_idx ON referrals_child USING gin ({folded} gin_trgm_ops)",
        f"CREATE INDEX child_{field}_fts_idx ON referrals_child "
        f"USING gin (to_tsvector('simple'::regconfig, COALESCE({folded}, '')))",
    ]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FOLD_FUNCTION)
    for field in FIELDS:
        for sql in index_sql(field):
            schema_editor.execute(sql)
    for name, on in ICONTAINS_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {on}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in FIELDS:
        schema_editor.execute(f"DROP INDEX IF EXISTS child_{field}_trgm_idx")
        schema_editor.execute(f"DROP INDEX IF EXISTS child_{field}_fts_idx")
    for name in ICONTAINS_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS cscp_unaccent(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0004_clock_reminders_sent"),
    ]

    operations = [
        # No-ops on SQLite; reversed, they drop the extensions (nothing else uses them).
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(forwards, backwards),
        migrations.AddIndex(
            model_name="child",
            index=models.Index(fields=["date_of_birth"], name="child_date_of_birth_idx"),
        ),
    ]
