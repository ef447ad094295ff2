"""Trending: votes in a window divided by (age in hours + 2) ** GRAVITY, the Hacker News
formula, with age counted from the paper's listing time.

Kept in a table (TrendingScore) so the trending page reads 25 rows by index instead
of counting every paper's votes: a vote bumps its paper's rows at once
(`trending_bump`), and `trending_refresh` (a Celery beat task every few minutes)
recomputes them all, so ages move on, old votes leave the window and anything
written behind the services' back is reconciled.
"""

from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.utils import timezone

from .models import Paper, TrendingScore, Vote

GRAVITY = 1.5
WINDOWS = {"24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30)}
DEFAULT_WINDOW = "7d"

_SCORES = TrendingScore._meta.db_table
_PAPERS = Paper._meta.db_table
_VOTES = Vote._meta.db_table
# Float arithmetic throughout (numeric POWER is an order of magnitude slower).
_AGE_HOURS = (
    "greatest(date_part('epoch', %(now)s - coalesce(p.published_at, p.ingested_at)) / 3600.0, 0)"
)
_SCORE = f"/ power({_AGE_HOURS} + 2.0, {GRAVITY})"
_SPANS = "(VALUES " + ", ".join(f"('{key}', %({key})s::timestamptz)" for key in WINDOWS) + ")"

_REFRESH = f"""
WITH spans(span, since) AS {_SPANS},
recent AS (
    SELECT s.span, v.paper_id, count(*) AS n FROM {_VOTES} v
    JOIN spans s ON v.created_at >= s.since
    WHERE v.created_at >= %(oldest)s
    GROUP BY s.span, v.paper_id
),
scored AS (
    SELECT r.span, r.paper_id, r.n, r.n {_SCORE} AS score
    FROM recent r JOIN {_PAPERS} p ON p.id = r.paper_id
),
upserted AS (
    INSERT INTO {_SCORES} (span, paper_id, recent_votes, score, computed_at)
    SELECT span, paper_id, n, score, %(now)s FROM scored
    ON CONFLICT (span, paper_id) DO UPDATE SET recent_votes = EXCLUDED.recent_votes,
        score = EXCLUDED.score, computed_at = EXCLUDED.computed_at
    RETURNING 1
)
DELETE FROM {_SCORES} t
WHERE NOT EXISTS (SELECT FROM scored s WHERE s.span = t.span AND s.paper_id = t.paper_id)
"""

_BUMP = f"""
WITH spans(span, since) AS {_SPANS}
INSERT INTO {_SCORES} AS t (span, paper_id, recent_votes, score, computed_at)
SELECT s.span, p.id, 1, 1 {_SCORE}, %(now)s FROM spans s, {_PAPERS} p
WHERE p.id = %(paper)s AND %(voted_at)s >= s.since AND %(delta)s > 0
ON CONFLICT (span, paper_id) DO UPDATE SET recent_votes = t.recent_votes + 1,
    score = (t.recent_votes + 1) * EXCLUDED.score, computed_at = EXCLUDED.computed_at
"""
_DROP = f"""
WITH spans(span, since) AS {_SPANS}
UPDATE {_SCORES} t SET recent_votes = t.recent_votes - 1,
    score = t.score * (t.recent_votes - 1) / t.recent_votes
FROM spans s
WHERE t.span = s.span AND t.paper_id = %(paper)s AND %(voted_at)s >= s.since
"""
# A statement cannot delete the rows its own CTE updated: a second one.
_DROP_EMPTY = f"DELETE FROM {_SCORES} WHERE paper_id = %(paper)s AND recent_votes = 0"


def _params(now: datetime) -> dict[str, Any]:
    return {"now": now, **{key: now - span for key, span in WINDOWS.items()}}


def trending_refresh(*, now: datetime | None = None) -> int:
    """Recompute every paper's score in every window as of `now`; returns the rows kept."""
    now = now or timezone.now()
    params = {**_params(now), "oldest": now - max(WINDOWS.values())}
    with connection.cursor() as cursor:
        cursor.execute(_REFRESH, params)
        cursor.execute(f"SELECT count(*) FROM {_SCORES}")
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def trending_bump(*, paper_id: int, delta: int, voted_at: datetime) -> None:
    """A vote cast (delta 1) or removed (delta -1), made at `voted_at`: adjust the windows it
    falls in. A new row's score is 1 / age factor, an existing one's scales with its count."""
    params = {**_params(timezone.now()), "paper": paper_id, "voted_at": voted_at, "delta": delta}
    with connection.cursor() as cursor:
        if delta > 0:
            cursor.execute(_BUMP, params)
        else:
            cursor.execute(_DROP, params)
            cursor.execute(_DROP_EMPTY, params)
