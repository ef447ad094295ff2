"""Time the recommender on the papers already in the database (make them with `synth`):
features for N papers, similar papers for a batch, one reader's model, /for-you."""

import statistics
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count
from django.test import Client

from apps.accounts.models import User
from apps.papers.models import Paper
from apps.recommend.features import Space, paper_text, vector_pack, vectors_load
from apps.recommend.foryou import reader_train
from apps.recommend.models import PaperVector
from apps.recommend.similar import SIMILAR, neighbours_compute, stored_vectors

_WRITE_BATCH = 5000
_NEIGHBOUR_SAMPLE = 500  # RECOMMEND_NEIGHBOUR_BATCH
_RECALL_SAMPLE = 100  # papers whose nearest are also found by brute force


class Command(BaseCommand):
    help = "Time building features, similar papers, a reader's model and /for-you for N papers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--papers", default="10000,100000", help="comma-separated sizes N (each <= papers held)"
        )
        parser.add_argument("--runs", type=int, default=5, help="timed /for-you requests (median)")
        parser.add_argument("--yes", action="store_true", help="run even with DEBUG off")

    def handle(self, *args: Any, papers: str, runs: int, yes: bool, **options: Any) -> None:
        if not settings.DEBUG and not yes:
            raise CommandError("it rewrites the recommender's tables: pass --yes outside DEBUG")
        try:
            sizes = [int(size) for size in papers.split(",")]
        except ValueError:
            raise CommandError("--papers: comma-separated whole numbers") from None
        held = Paper.objects.published().count()
        if not sizes or max(sizes) > held or min(sizes) < 100:
            raise CommandError(f"--papers: sizes from 100 to the {held} published papers held")
        reader = (
            User.objects.annotate(n=Count("votes")).filter(n__gt=0).order_by("-n", "id").first()
        )
        if reader is None:
            raise CommandError("no reader has voted: run `synth` first")
        self.stdout.write(f"reader {reader.username} with {reader.n} votes")
        header = f"{'N':>9} {'fit s':>7} {'encode+store s':>15} {'bytes/paper':>12} "
        header += f"{'load s':>7} {'similar ms/paper':>17} {'recall@10':>10} {'train s':>8} "
        header += f"{'/for-you ms':>12}"
        self.stdout.write(header)
        for size in sizes:
            self.stdout.write(self._one(size, reader, runs))

    def _one(self, size: int, reader: User, runs: int) -> str:
        ids_texts = list(
            Paper.objects.published().order_by("-id").values_list("id", "title", "abstract")[:size]
        )
        started = time.perf_counter()
        fitted = Space.fit(
            [paper_text(t, a) for _, t, a in ids_texts[: settings.RECOMMEND_FIT_SAMPLE]]
        )
        space = Space.load(fitted.save(papers=min(size, settings.RECOMMEND_FIT_SAMPLE)))
        fit = time.perf_counter() - started
        started = time.perf_counter()
        stored = 0
        for at in range(0, size, _WRITE_BATCH):
            chunk = ids_texts[at : at + _WRITE_BATCH]
            matrix = space.encode(paper_text(t, a) for _, t, a in chunk)
            rows = []
            for (paper_id, _, _), i in zip(chunk, range(matrix.shape[0]), strict=True):
                indices, weights = vector_pack(matrix[i])
                stored += len(indices) + len(weights)
                rows.append(
                    PaperVector(
                        paper_id=paper_id, space_id=space.pk, indices=indices, weights=weights
                    )
                )
            PaperVector.objects.bulk_create(
                rows, update_conflicts=True, unique_fields=["paper"],
                update_fields=["space", "indices", "weights", "computed_at"],
            )  # fmt: skip
        encode = time.perf_counter() - started
        started = time.perf_counter()
        neighbours_compute(space, [ids_texts[-1][0]])  # reads every vector into the worker
        load = time.perf_counter() - started
        started = time.perf_counter()
        neighbours_compute(space, [pid for pid, _, _ in ids_texts[:_NEIGHBOUR_SAMPLE]])
        similar_ms = (time.perf_counter() - started) * 1000 / _NEIGHBOUR_SAMPLE
        recall = _recall(space, [pid for pid, _, _ in ids_texts[:_RECALL_SAMPLE]])
        started = time.perf_counter()
        reader_train(user_id=reader.pk)
        train = time.perf_counter() - started
        client = Client()
        client.force_login(reader)
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get("/for-you")
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(f"/for-you answered {response.status_code}")
        return (
            f"{size:>9} {fit:>7.1f} {encode:>15.1f} {stored / size:>12.0f} "
            f"{load:>7.1f} {similar_ms:>17.1f} {recall:>10.3f} {train:>8.2f} "
            f"{statistics.median(timings):>12.1f}"
        )


def _recall(space: Space, paper_ids: list[int]) -> float:
    """The share of each paper's 10 nearest by brute-force cosine that the shortlisted
    search finds."""
    stored = stored_vectors(space)
    ids, queries = vectors_load(space, paper_ids=paper_ids)
    found = stored.nearest(queries, exclude=ids, limit=SIMILAR)
    truth = stored.exact(queries, exclude=ids, limit=SIMILAR)
    shares = [
        len({i for i, _ in f} & {i for i, _ in t}) / len(t)
        for f, t in zip(found, truth, strict=True) if t
    ]  # fmt: skip
    return statistics.mean(shares) if shares else 1.0
