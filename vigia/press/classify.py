"""Relevance and extraction together: the ``vigia press classify`` answer for each article.

Pure: no database, keys or settings; the model and gazetteers ship in the package. Articles
are scored in batches (the encoder is faster on many sentences at once); only relevant ones
are extracted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from vigia.press.extraction import ArticleFacts, extract_article
from vigia.press.relevance import THRESHOLD, detect_language, load_model

__all__ = ["Article", "Result", "classify_many", "contract_output"]

LANGUAGES = ("es", "en")


@dataclass(frozen=True)
class Article:
    title: str
    text: str
    published: date | None = None
    lang: str | None = None


@dataclass(frozen=True)
class Result:
    relevant: bool
    score: float
    language: str
    facts: ArticleFacts | None


def classify_many(articles: Sequence[Article]) -> list[Result]:
    """One result per article, in order. Articles in other languages score 0."""
    languages = [
        (item.lang or detect_language(f"{item.title} {item.text[:1000]}")).lower()[:2]
        for item in articles
    ]
    wanted = [i for i, lang in enumerate(languages) if lang in LANGUAGES]
    scores = dict(
        zip(
            wanted,
            load_model().scores([(articles[i].title, articles[i].text) for i in wanted]),
            strict=True,
        )
    )
    results = []
    for i, item in enumerate(articles):
        score = scores.get(i, 0.0)
        relevant = score >= THRESHOLD
        facts = extract_article(item.title, item.text, item.published) if relevant else None
        results.append(Result(relevant=relevant, score=score, language=languages[i], facts=facts))
    return results


def contract_output(ident: str, result: Result) -> dict[str, Any]:
    """The output line of contracts.md §4 (`vigia press classify`)."""
    facts = result.facts
    return {
        "id": ident,
        "relevant": result.relevant,
        "score": result.score,
        "event_types": facts["event_types"] if facts else [],
        "event_date": facts["event_date"] if facts else None,
        "place": facts["place"] if facts else None,
        "perpetrator": facts["perpetrator"] if facts else None,
        "actor": facts["actor"] if facts else None,
        "killed": facts["killed"] if facts else None,
        "missing": facts["missing"] if facts else None,
    }
