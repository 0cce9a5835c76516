"""``vigia extract --jsonl``: the contract of shared/contracts.md, section 4."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vigia.evidence.cli import main


def _run(tmp_path: Path, lines: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict]:  # type: ignore[type-arg]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["--jsonl", str(source)]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_it_writes_one_line_per_input_line_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [json.dumps({"id": f"m{n}", "text": f"yapea al 900 001 23{n}"}) for n in range(5)]
    out = _run(tmp_path, lines, capsys)
    assert [row["id"] for row in out] == ["m0", "m1", "m2", "m3", "m4"]
    assert out[3]["indicators"][0]["value"] == "+51900001233"
    assert set(out[0]) == {"id", "indicators", "amounts", "dates", "places", "actors",
                           "event_types"}  # fmt: skip


def test_a_bad_line_gives_an_error_line_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ["not json", json.dumps({"id": "x", "text": 3}), "[1]",
             json.dumps({"id": "d", "text": "ayer", "date": "2026-3-1"}),
             json.dumps({"id": "ok", "text": "ayer", "date": "2026-03-20"})]  # fmt: skip
    out = _run(tmp_path, lines, capsys)
    assert len(out) == 5
    assert all("error" in row for row in out[:4])
    assert out[1]["id"] == "x"
    assert out[4]["dates"][0]["value"] == "2026-03-19"


def test_image_lines_that_are_missing_or_not_images_give_error_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "shot.png").write_bytes(b"\x89PNG")
    out = _run(tmp_path, [json.dumps({"id": "i", "image": "shot.png"}),
                          json.dumps({"id": "j", "image": "missing.png"})], capsys)  # fmt: skip
    assert out[0] == {"id": "i", "error": "not an image that can be read: shot.png"}
    assert out[1]["error"].startswith("image not found")


def test_an_unreadable_file_exits_1_with_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--jsonl", str(tmp_path / "absent.jsonl")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err


def test_a_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["--jsonl"]) == 2
    assert main(["--jsonl", "a", "--bogus"]) == 2
    assert capsys.readouterr().out == ""


def test_no_progress_bar_when_stderr_is_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(tmp_path, [json.dumps({"id": "a", "text": "hola"})], capsys)
    assert capsys.readouterr().err == ""
