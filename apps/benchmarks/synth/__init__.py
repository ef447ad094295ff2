"""Synthetic data at scale: the `synth` command, and the ingest benchmark's existing papers."""

from .activity import EDITOR, PASSWORD, reader_name
from .papers import SOURCE
from .phases import SynthResult
from .run import SynthOptions, SynthRefused, papers_append, synth_run

__all__ = [
    "EDITOR",
    "PASSWORD",
    "SOURCE",
    "SynthOptions",
    "SynthRefused",
    "SynthResult",
    "papers_append",
    "reader_name",
    "synth_run",
]
