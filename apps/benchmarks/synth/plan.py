"""When papers appear, their arXiv ids, how many votes each gets and from whom: no database here.

Times are whole seconds since the epoch, UTC (the papers' listed_on is the UTC date).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from datetime import UTC, date, datetime

DAY = 86_400
MAX_DAYS = 3 * 365
PAPERS_PER_DAY_AT_LEAST = 10  # fewer papers: fewer days, so each day still has a few
YEARLY_GROWTH = 1.3  # arXiv's cs listings grow by about a third a year
WEEKEND = 0.45  # of a weekday's submissions
VOTE_TAIL = 1.6  # Pareto shape of a paper's popularity: lower is heavier
VOTE_DELAY_DAYS = 1.5  # mean delay between publication and a vote; some come much later


def epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def window_days(papers: int) -> int:
    return max(1, min(MAX_DAYS, papers // PAPERS_PER_DAY_AT_LEAST))


def paper_times(rng: random.Random, papers: int, *, end: int) -> list[int]:
    """Publication times, ascending, over the days before `end` (its own day included).

    More papers on recent days and on weekdays; at least one on every day.
    """
    days = min(window_days(papers), papers)
    last_day = end // DAY
    first_day = last_day - days + 1
    weights = [
        YEARLY_GROWTH ** ((day - first_day) / 365) * (WEEKEND if _weekday(day) >= 5 else 1.0)
        for day in range(first_day, last_day + 1)
    ]
    counts = [1 + n for n in _apportion(rng, weights, papers - days)]
    times: list[int] = []
    for offset, count in enumerate(counts):
        start = (first_day + offset) * DAY
        span = min(DAY, end - start + 1)  # today's papers come before `end`
        # Drawn over a whole day and scaled: the draws, and so all that follows them,
        # stay the same whatever second of the day `end` is.
        times.extend(sorted(start + rng.randrange(DAY) * span // DAY for _ in range(count)))
    return times


def arxiv_ids(times: Sequence[int], taken: dict[str, int]) -> list[str]:
    """New-style ids numbered in time order within each month, after the `taken` maxima."""
    ids, numbers = [], dict(taken)
    for moment in times:
        when = datetime.fromtimestamp(moment, UTC)
        month = f"{when.year % 100:02d}{when.month:02d}"
        number = numbers.get(month, 0) + 1
        if number > 99_999:
            raise ValueError(f"more than 99,999 papers in month {month}: ask for fewer papers")
        numbers[month] = number
        ids.append(f"{month}.{number:05d}")
    return ids


def vote_counts(rng: random.Random, times: Sequence[int], *, votes: int, cap: int) -> list[int]:
    """Votes per paper summing to `votes`, heavy-tailed, recent papers favoured, at most `cap`."""
    if not times or votes <= 0:
        return [0] * len(times)
    if votes > cap * len(times):
        raise ValueError(f"{votes} votes need more users: at most {cap} votes a paper")
    first, span = times[0], max(1, times[-1] - times[0])
    weights = [
        (0.3 + 1.7 * ((moment - first) / span) ** 2) * rng.paretovariate(VOTE_TAIL)
        for moment in times
    ]
    counts = [min(cap, n) for n in _apportion(rng, weights, votes)]
    missing = votes - sum(counts)
    while missing:  # what the cap cut off goes to the others, still by popularity
        for index in rng.choices(range(len(times)), weights=weights, k=missing):
            if counts[index] < cap and missing:
                counts[index] += 1
                missing -= 1
    return counts


class Voters:
    """Draws distinct users for a paper; some users vote far more than others."""

    def __init__(self, rng: random.Random, users: int) -> None:
        self.rng = rng
        self.users = users
        ranks = list(range(users))
        rng.shuffle(ranks)
        # Each user at least once, the most active about a hundred times more.
        self.table = [ranks[r] for r in zipf_table(users, exponent=0.6, offset=1, size=users * 3)]

    def draw(self, count: int) -> list[int]:
        chosen: set[int] = set()
        for _attempt in range(30):
            if len(chosen) >= count:
                break
            chosen.update(self.rng.choices(self.table, k=count - len(chosen)))
        if len(chosen) < count:  # a very popular paper: the rest uniformly from the others
            others = [u for u in range(self.users) if u not in chosen]
            chosen.update(self.rng.sample(others, count - len(chosen)))
        return list(chosen)

    def delays(self, published: int, count: int, *, end: int) -> list[int]:
        """Seconds after publication of `count` votes, none after `end`."""
        result = []
        room = max(0, end - published)
        for _ in range(count):
            scale = VOTE_DELAY_DAYS * DAY * (12 if self.rng.random() < 0.1 else 1)
            delay = int(self.rng.expovariate(1 / scale))
            result.append(delay if delay <= room else self.rng.randint(0, room))
        return result


def zipf_table(count: int, *, exponent: float, offset: float, size: int) -> list[int]:
    """Ranks 0..count-1, each repeated in proportion to 1 / (rank + offset) ** exponent.

    Every rank at least once; a uniform pick from the table is a weighted pick,
    and far faster than bisecting cumulative weights.
    """
    weights = [1 / (rank + offset) ** exponent for rank in range(count)]
    scale = max(0, size - count) / math.fsum(weights)
    return [rank for rank, weight in enumerate(weights) for _ in range(1 + int(weight * scale))]


class Timestamps:
    """COPY text of epoch seconds, faster than datetime.isoformat (days are cached)."""

    def __init__(self) -> None:
        self.days: dict[int, str] = {}

    def __call__(self, moment: int) -> str:
        day, second = divmod(moment, DAY)
        text = self.days.get(day)
        if text is None:
            text = self.days[day] = date.fromordinal(day + _EPOCH_ORDINAL).isoformat()
        return f"{text} {second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}+00"


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def day_of(moment: int) -> date:
    return date.fromordinal(moment // DAY + _EPOCH_ORDINAL)


def _weekday(day: int) -> int:
    return (day + 3) % 7  # 1970-01-01 was a Thursday (3)


def _apportion(rng: random.Random, weights: Sequence[float], total: int) -> list[int]:
    """Integers proportional to `weights` summing to `total` (stochastic rounding)."""
    if total <= 0:
        return [0] * len(weights)
    scale = total / math.fsum(weights)
    counts = [int(w * scale + rng.random()) for w in weights]
    difference = total - sum(counts)
    step = 1 if difference > 0 else -1
    while difference:
        index = rng.randrange(len(counts))
        if step > 0 or counts[index] > 0:
            counts[index] += step
            difference -= step
    return counts
