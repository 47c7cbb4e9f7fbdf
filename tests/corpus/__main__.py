"""`python -m tests.corpus DIR`: write the corpus and its expectations into DIR."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.corpus import write_corpus

if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")
    written = write_corpus(target)
    for variant, path, expected in written:
        print(f"{path.name}: exit {expected.exit_code} — {variant.description}")
    print(f"{len(written)} variants in {target}")
