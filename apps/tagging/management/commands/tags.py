"""`manage.py tags train | evaluate FILE | suggest --input FILE | versions | activate | retag`."""

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.tagging import services, training
from apps.tagging.engine.evaluation import cross_validate, load_examples, tagger_predictor
from apps.tagging.models import TaggerVersion


class Command(BaseCommand):
    help = "Train, evaluate and run the tagger."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser("train", help="Train a version on the staff-confirmed tags.")
        train.add_argument(
            "--activate", choices=["never", "if-better", "always"], default="if-better"
        )
        train.add_argument("--folds", type=int, default=5)
        evaluate = sub.add_parser("evaluate", help="Cross-validated scores over a labelled file.")
        evaluate.add_argument("file", type=Path)
        evaluate.add_argument("--folds", type=int, default=5)
        evaluate.add_argument("--repeats", type=int, default=1)
        suggest = sub.add_parser("suggest", help="Tags for JSON lines of title and abstract.")
        suggest.add_argument("--input", type=Path, required=True)
        sub.add_parser("versions", help="The trained versions and their scores.")
        activate = sub.add_parser("activate", help="Use this version from now on.")
        activate.add_argument("version", type=int)
        retag = sub.add_parser("retag", help="Tag every paper again, in batches (resumable).")
        retag.add_argument("--batch-size", type=int, default=services.BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["action"])(**options)

    def _train(self, *, activate: str, folds: int, **_: Any) -> None:
        version = training.tagger_train(activate=activate, folds=folds, note="command")  # type: ignore[arg-type]
        version.refresh_from_db()
        state = "active" if version.active else "not active (activate it explicitly)"
        self.stdout.write(
            f"version {version.pk}: {version.training_papers} papers, cross-validated "
            f"micro-F1 {version.micro_f1:.3f}, macro-F1 {version.macro_f1:.3f}; {state}"
        )

    def _evaluate(self, *, file: Path, folds: int, repeats: int, **_: Any) -> None:
        try:
            examples = load_examples(file)
        except (OSError, ValueError) as error:
            raise CommandError(f"{file}: {error}") from error
        tags = sorted({t for e in examples for t in e.tags} | set(training.tag_descriptions()))
        report = cross_validate(
            examples,
            tagger_predictor(tags, training.ruleset_current(), training.tag_descriptions()),
            folds=folds,
            repeats=repeats,
        ).as_dict()
        self.stdout.write(f"{'tag':28} {'P':>6} {'R':>6} {'F1':>6} {'n':>4}")
        for slug, s in report["per_tag"].items():
            self.stdout.write(
                f"{slug:28} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
                f"{s['support']:4d}"
            )
        micro = report["micro"]
        self.stdout.write(
            f"{report['papers']} papers, {folds}-fold x {repeats}: micro P {micro['precision']:.3f}"
            f" R {micro['recall']:.3f} F1 {micro['f1']:.3f}; macro-F1 {report['macro_f1']:.3f}"
        )

    def _suggest(self, *, input: Path, **_: Any) -> None:
        try:
            lines = input.read_text("utf-8").splitlines()
        except OSError as error:
            raise CommandError(f"{input}: {error}") from error
        _version, tagger = training.tagger_current()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                title, abstract = str(item["title"]), str(item.get("abstract") or "")
            except (ValueError, KeyError, TypeError) as error:
                raise CommandError(f"line {number}: needs a JSON object with 'title'") from error
            scores = tagger.scores([(title, abstract)])[0]
            out = {"tags": tagger.applied(scores), "scores": dict(sorted(scores.items()))}
            self.stdout.write(json.dumps(out, sort_keys=True))

    def _versions(self, **_: Any) -> None:
        for v in TaggerVersion.objects.all():
            mark = "*" if v.active else " "
            self.stdout.write(
                f"{mark} {v.pk:4d} {v.trained_at:%Y-%m-%d %H:%M} {v.training_papers:5d} papers "
                f"micro-F1 {v.micro_f1:.3f} macro-F1 {v.macro_f1:.3f} {v.note}"
            )

    def _activate(self, *, version: int, **_: Any) -> None:
        found = TaggerVersion.objects.filter(pk=version).first()
        if found is None:
            raise CommandError(f"No tagger version {version}.")
        training.tagger_activate(version=found)
        self.stdout.write(f"version {version} is active")

    def _retag(self, *, batch_size: int, **_: Any) -> None:
        run = services.retag_run_start()
        while services.retag_run_step(run_id=run.pk, batch_size=batch_size):
            run.refresh_from_db()
            self.stdout.write(f"tagged through paper {run.through_id}")
        run.refresh_from_db()
        self.stdout.write(f"re-tagged {run.papers} papers")
