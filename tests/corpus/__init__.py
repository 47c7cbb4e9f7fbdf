"""A polluted-input corpus: damaged variants of one clean export, each with its expected outcome.

`write_corpus(directory)` writes every variant as a file and, beside it,
`<name>.expected.json`: the exit code, and for an import that succeeds which
contacts load, which physical lines are rejected and why, and what is skipped.
`python -m tests.corpus DIR` writes the corpus for a look by hand.
"""

from __future__ import annotations

from pathlib import Path

from tests.corpus import encoding, structure, values
from tests.corpus.model import Expected
from tests.corpus.registry import VARIANTS, Variant

__all__ = ["VARIANTS", "Expected", "Variant", "write_corpus", "write_variant"]
_MODULES = (encoding, structure, values)  # importing them registers their variants


def write_variant(variant: Variant, directory: Path) -> tuple[Path, Expected]:
    """The variant's file and its expectation, written side by side."""
    data, expected = variant.build()
    path = directory / variant.file_name
    path.write_bytes(data)
    (directory / f"{variant.name}.expected.json").write_text(expected.to_json(), encoding="utf-8")
    return path, expected


def write_corpus(directory: Path) -> list[tuple[Variant, Path, Expected]]:
    directory.mkdir(parents=True, exist_ok=True)
    return [(v, *write_variant(v, directory)) for v in VARIANTS.values()]
