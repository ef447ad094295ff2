"""The statements of paper_upsert_many, in the order it runs them.

The staging table's `action` column ends up as: C create, U update (a newer
version that differs), M merge a cross-listing's categories, W mark withdrawn,
N or NULL unchanged.
"""

from django.db import connection

from ..models import Author, Authorship, Category, Paper

PAPER = Paper._meta.db_table
AUTHOR = Author._meta.db_table
AUTHORSHIP = Authorship._meta.db_table
CATEGORY = Category._meta.db_table
PAPER_CATEGORY = Paper.categories.through._meta.db_table

STAGE_COLUMNS = (
    "ord", "arxiv_id", "version", "title", "title_key", "abstract", "authors", "authors_text",
    "categories", "published_at", "updated_at", "comment", "journal_ref", "doi", "abs_url",
    "pdf_url", "withdrawn", "cross_list", "short_id",
)  # fmt: skip
CREATE_STAGE = """
    CREATE TEMP TABLE IF NOT EXISTS paper_stage (
        ord integer, arxiv_id text, version integer, title text, title_key text,
        abstract text, authors text[], authors_text text, categories text[],
        published_at timestamptz, updated_at timestamptz, comment text, journal_ref text,
        doi text, abs_url text, pdf_url text, withdrawn boolean, cross_list boolean,
        short_id text, paper_id bigint, action char(1)
    ) ON COMMIT DROP;
    TRUNCATE paper_stage
"""
COPY_STAGE = f"COPY paper_stage ({', '.join(STAGE_COLUMNS)}) FROM STDIN"

# Text fields where an empty value keeps what we know (sources lack some fields).
_KEPT_WHEN_EMPTY = ("abstract", "comment", "journal_ref", "doi", "abs_url", "pdf_url")
_NEW_VALUES = {
    "arxiv_id": "coalesce(s.arxiv_id, p.arxiv_id)",
    "version": "coalesce(s.version, p.version)",
    "title": "s.title",
    "title_key": "s.title_key",
    "authors_text": (
        "CASE WHEN cardinality(s.authors) > 0 THEN s.authors_text ELSE p.authors_text END"
    ),
    "published_at": "coalesce(s.published_at, p.published_at)",
    "updated_at": "coalesce(s.updated_at, p.updated_at)",
    **{name: f"coalesce(nullif(s.{name}, ''), p.{name})" for name in _KEPT_WHEN_EMPTY},
}
_CURRENT_CODES = f"""(
    SELECT array_agg(c.code::text ORDER BY c.code) FROM {PAPER_CATEGORY} pc
    JOIN {CATEGORY} c ON c.id = pc.category_id WHERE pc.paper_id = p.id)"""
_CATEGORIES_DIFFER = f"""(cardinality(s.categories) > 0 AND (
    s.categories[1] IS DISTINCT FROM (
        SELECT code::text FROM {CATEGORY} WHERE id = p.primary_category_id)
    OR (SELECT array_agg(DISTINCT x ORDER BY x) FROM unnest(s.categories) x)
        IS DISTINCT FROM {_CURRENT_CODES}))"""
# A record without version updates an unversioned paper, unless it lacks the
# arXiv id the paper has: a title-only listing never overwrites arXiv's data.
_IS_NEWER = """(s.version > coalesce(p.version, 0) OR (s.version IS NULL AND p.version IS NULL
    AND (s.arxiv_id IS NOT NULL OR p.arxiv_id IS NULL)))"""

MATCH = (
    "ANALYZE paper_stage",
    f"UPDATE paper_stage s SET paper_id = p.id FROM {PAPER} p WHERE p.arxiv_id = s.arxiv_id",
    # A paper known only by its title is adopted by one record (the first) at most.
    # Through the partial unique index paper_unique_title_key_without_arxiv_id.
    f"""UPDATE paper_stage s SET paper_id = m.paper_id FROM (
        SELECT DISTINCT ON (p.id) p.id AS paper_id, t.ord FROM paper_stage t
        JOIN {PAPER} p ON p.arxiv_id IS NULL AND p.title_key = t.title_key
        WHERE t.paper_id IS NULL AND NOT t.withdrawn ORDER BY p.id, t.ord
    ) m WHERE s.ord = m.ord""",
)
# Then, only for a batch holding records without an arXiv id (the demo listing):
# such a record is the paper that arXiv already adopted or created under its title.
_NOT_TAKEN = "NOT EXISTS (SELECT FROM paper_stage x WHERE x.paper_id = p.id)"
MATCH_TITLE_ONLY = (
    # Adopted, maybe renamed since: its short id still comes from this title key.
    f"""UPDATE paper_stage s SET paper_id = p.id FROM {PAPER} p
    WHERE p.short_id = s.short_id AND s.paper_id IS NULL AND s.arxiv_id IS NULL
        AND {_NOT_TAKEN}""",
    # Created from arXiv under this title (no index on it: this scans the papers).
    f"""UPDATE paper_stage s SET paper_id = m.paper_id FROM (
        SELECT DISTINCT ON (t.ord) p.id AS paper_id, t.ord FROM paper_stage t
        JOIN {PAPER} p ON p.title_key = t.title_key AND p.arxiv_id IS NOT NULL
        WHERE t.paper_id IS NULL AND t.arxiv_id IS NULL AND {_NOT_TAKEN}
        ORDER BY t.ord, p.id
    ) m WHERE s.ord = m.ord""",
)
CLASSIFY = (
    f"""UPDATE paper_stage s SET action = CASE
        WHEN s.withdrawn THEN CASE WHEN p.withdrawn_at IS NULL THEN 'W' ELSE 'N' END
        WHEN {_IS_NEWER} THEN CASE
            WHEN ({", ".join(_NEW_VALUES.values())}) IS DISTINCT FROM
                 ({", ".join(f"p.{name}" for name in _NEW_VALUES)})
              OR {_CATEGORIES_DIFFER} THEN 'U' ELSE 'N' END
        WHEN s.cross_list AND NOT s.categories <@ coalesce({_CURRENT_CODES}, '{{}}') THEN 'M'
        ELSE 'N' END
    FROM {PAPER} p WHERE p.id = s.paper_id""",
    f"""UPDATE paper_stage SET action = 'C',
        paper_id = nextval(pg_get_serial_sequence('{PAPER}', 'id'))
    WHERE paper_id IS NULL AND NOT withdrawn""",
)

BEFORE_PAPERS = (
    f"""INSERT INTO {CATEGORY} (code, name)
    SELECT DISTINCT unnest(categories) AS code, '' FROM paper_stage
    WHERE action IN ('C', 'U', 'M') ORDER BY code
    ON CONFLICT (code) DO NOTHING""",
    f"""INSERT INTO {AUTHOR} (name)
    SELECT DISTINCT unnest(authors) AS name FROM paper_stage WHERE action IN ('C', 'U')
    ORDER BY name
    ON CONFLICT (name) DO NOTHING""",
)

UPDATE_PAPERS = f"""
    UPDATE {PAPER} p SET {", ".join(f"{name} = {value}" for name, value in _NEW_VALUES.items())},
        primary_category_id = coalesce(c.id, p.primary_category_id), modified_at = %(now)s
    FROM paper_stage s LEFT JOIN {CATEGORY} c ON c.code = s.categories[1]
    WHERE p.id = s.paper_id AND s.action = 'U'"""
WITHDRAW_PAPERS = f"""
    UPDATE {PAPER} p SET withdrawn_at = coalesce(s.updated_at, %(now)s), modified_at = %(now)s
    FROM paper_stage s WHERE p.id = s.paper_id AND s.action = 'W'"""

_INSERT_VALUES = {
    "id": "s.paper_id",
    **{name: f"s.{name}" for name in ("arxiv_id", "title_key", "short_id", "version", "title")},
    **{name: f"s.{name}" for name in ("authors_text", "published_at", "updated_at")},
    **{name: f"s.{name}" for name in _KEPT_WHEN_EMPTY},
    "primary_category_id": "c.id",
    "source": "%(source)s",
    "ingested_at": "%(now)s",
    "modified_at": "%(now)s",
    "status": "%(published)s",
}


def insert_papers(params: dict) -> tuple[str, dict]:
    """INSERT of the new papers; columns the staging table lacks get the model's default.

    Rows go in arXiv id order (title key for papers without one): in-order
    insertion touches each page of the b-trees on them once. Ids were given in
    listing order.
    """
    columns, values, params = [], [], dict(params)
    for model_field in Paper._meta.concrete_fields:
        if model_field.generated:
            continue
        columns.append(model_field.column)
        if model_field.column in _INSERT_VALUES:
            values.append(_INSERT_VALUES[model_field.column])
        else:
            name = f"default_{model_field.column}"
            default = model_field.get_default()
            params[name] = model_field.get_db_prep_save(default, connection)
            values.append(f"%({name})s")
    statement = f"""
        INSERT INTO {PAPER} ({", ".join(columns)})
        SELECT {", ".join(values)} FROM paper_stage s
        LEFT JOIN {CATEGORY} c ON c.code = s.categories[1]
        WHERE s.action = 'C' ORDER BY s.arxiv_id, s.title_key"""
    return statement, params


AFTER_PAPERS = (
    f"""DELETE FROM {AUTHORSHIP} a USING paper_stage s
    WHERE a.paper_id = s.paper_id AND s.action = 'U' AND cardinality(s.authors) > 0""",
    f"""INSERT INTO {AUTHORSHIP} (paper_id, author_id, position)
    SELECT s.paper_id, au.id, t.position - 1 FROM paper_stage s
    CROSS JOIN LATERAL unnest(s.authors) WITH ORDINALITY AS t(name, position)
    JOIN {AUTHOR} au ON au.name = t.name
    WHERE s.action IN ('C', 'U')""",
    f"""DELETE FROM {PAPER_CATEGORY} pc USING paper_stage s
    WHERE pc.paper_id = s.paper_id AND s.action = 'U' AND cardinality(s.categories) > 0""",
    f"""INSERT INTO {PAPER_CATEGORY} (paper_id, category_id)
    SELECT DISTINCT s.paper_id, c.id FROM paper_stage s
    CROSS JOIN LATERAL unnest(s.categories) AS t(code)
    JOIN {CATEGORY} c ON c.code = t.code
    WHERE s.action IN ('C', 'U', 'M')
    ON CONFLICT DO NOTHING""",
)

# The records that found or became a paper (withdrawal notices of unknown papers did not).
STORED = "SELECT ord, paper_id FROM paper_stage WHERE action IS NOT NULL ORDER BY ord"

RESULTS = """
    SELECT coalesce(action, 'N'), count(*),
        coalesce(array_agg(paper_id ORDER BY ord) FILTER (WHERE action IN ('C', 'U')), '{}')
    FROM paper_stage GROUP BY 1"""
