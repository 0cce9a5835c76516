"""``python -m vigia.press.train``: rebuild the shipped relevance model (``make train-press``).

Trains on the synthetic training split (synth.py, seed 1) and, with ``--decisions FILE``, on
the coordinators' decisions exported by ``vigia press decisions`` (JSON Lines of
``{"title", "text", "relevant"}``). The same inputs give the same file: the encoder is
deterministic and the solver (L-BFGS) has no random start.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from vigia.press import synth
from vigia.press.relevance import MODEL_PATH, Model, features

__all__ = ["main", "train"]

# Inverse regularization strength; chosen on the training split only (5-fold), never on eval.
C = 2.0


def _decisions(path: Path) -> list[tuple[str, str, bool]]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                item = json.loads(line)
                rows.append((str(item["title"]), str(item["text"]), bool(item["relevant"])))
    return rows


def train(extra: list[tuple[str, str, bool]] | None = None) -> Model:
    from sklearn.linear_model import LogisticRegression

    rows = [(a.title, a.text, a.relevant) for a in synth.articles("train")] + (extra or [])
    matrix, _cues = features([(title, text) for title, text, _label in rows])
    labels = np.asarray([label for _t, _x, label in rows], dtype=np.int8)
    classifier = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    classifier.fit(matrix, labels)
    coef = classifier.coef_[0].astype(np.float32)
    intercept = float(classifier.intercept_[0])
    digest = hashlib.sha256(coef.tobytes() + np.float32(intercept).tobytes()).hexdigest()[:12]
    return Model(coef=coef, intercept=intercept, version=f"press-{digest}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vigia.press.train", description=__doc__)
    parser.add_argument("--decisions", type=Path, help="coordinators' decisions (JSON Lines)")
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    extra = _decisions(args.decisions) if args.decisions else None
    model = train(extra)
    model.save(args.output)
    size = args.output.stat().st_size
    print(f"wrote {args.output} ({size} bytes), version {model.version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
