"""`vigia press classify --jsonl` per contracts.md §4, and what relevance tells apart."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from vigia.press.classify import Article, classify_many
from vigia.press.dedupe import canonical_url, minhash, similarity

ROOT = Path(__file__).resolve().parents[3]
LINES = [
    {"id": "a1", "title": "Asesinan a trabajadora sexual en Lince",
     "text": "Una trabajadora sexual venezolana de 28 años fue asesinada el pasado sábado en Lince "
             "por sicarios de Los Gallegos, que le exigían un cupo de 200 soles semanales.",
     "date": "2024-03-12"},
    {"id": "a2", "title": "Asesinan a chofer de bus en Comas",
     "text": "Un chofer fue asesinado ayer por no pagar el cupo que le exigía el Tren de Aragua.",
     "date": "2024-03-12"},
]  # fmt: skip


def _run(tmp_path: Path, lines: list[str]) -> subprocess.CompletedProcess[str]:
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # No settings, database, keys or environment at all (contracts.md §4).
    return subprocess.run([sys.executable, "-m", "vigia", "press", "classify", "--jsonl", str(source)],
                          capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"}, cwd=ROOT,
                          check=False, timeout=120)  # fmt: skip


def test_classify_writes_one_line_per_input_line_in_order_without_any_environment(
    tmp_path: Path,
) -> None:
    lines = [json.dumps(LINES[0]), "{not json", json.dumps({"id": "x"}), json.dumps(LINES[1])]
    done = _run(tmp_path, lines)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # not a terminal: no progress bar
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a1", None, "x", "a2"]
    assert out[0] == {"id": "a1", "relevant": True, "score": out[0]["score"],
                      "event_types": ["murder", "extortion_demand"], "event_date": "2024-03-09",
                      "place": {"name": "Lince", "ubigeo": "150116"}, "perpetrator": "criminal_group",
                      "actor": "Los Gallegos", "killed": 1, "missing": None}  # fmt: skip
    assert "error" in out[1] and "error" in out[2]
    assert out[3]["relevant"] is False and out[3]["event_types"] == []


def test_classify_exits_1_when_the_input_cannot_be_read(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "vigia", "press", "classify", "--jsonl",
                           str(tmp_path / "missing.jsonl")], capture_output=True, text=True,
                          cwd=ROOT, check=False)  # fmt: skip
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip().startswith("Cannot read")


def test_near_misses_are_told_apart_from_relevant_articles() -> None:
    published = date(2024, 5, 20)
    cases = [
        ("Trabajadoras sexuales de Lince denuncian cobro de cupos",
         "Los Gallegos exigen 200 soles semanales a las trabajadoras sexuales y amenazan con matarlas.", True),
        ("Desaparece mujer trans en Los Olivos",
         "Una mujer trans que ejercía el trabajo sexual desapareció el viernes en Los Olivos.", True),
        ("Mototaxistas de Comas pagan cupos",
         "Extorsionadores del Tren de Aragua exigen 20 soles diarios a los mototaxistas de Comas.", False),
        ("Capturan a cabecilla de Los Gallegos",
         "La policía capturó en Lince a alias Care Niño, cabecilla de Los Gallegos.", False),
        ("Rescatan a peruanas víctimas de trata en Madrid",
         "La policía española liberó a seis peruanas obligadas a prostituirse en un club.", False),
        ("Trabajadoras sexuales piden reconocimiento laboral",
         "Una asociación de trabajadoras sexuales presentó un proyecto de ley en el Congreso.", False),
    ]  # fmt: skip
    results = classify_many([Article(t, x, published) for t, x, _ in cases])
    assert [r.relevant for r in results] == [want for _t, _x, want in cases]
    assert results[1].facts is not None and results[1].facts["missing"] == 1
    assert results[1].facts["event_date"] == "2024-05-17"


def test_syndicated_copies_and_tracking_links_look_the_same() -> None:
    assert (
        canonical_url("HTTP://Diario.pe/nota/1/amp/?utm_source=x#arriba")
        == "http://diario.pe/nota/1"
    )
    text = ("Una trabajadora sexual fue asesinada en Lince por no pagar el cupo semanal que le "
            "exigían. La policía investiga el caso y sus compañeras piden justicia.")  # fmt: skip
    assert similarity(minhash(text), minhash(text + " Con información de Andina.")) > 0.6
    assert similarity(minhash(text), minhash("Un chofer fue asesinado en Comas por el cupo.")) < 0.2
