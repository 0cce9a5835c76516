"""CI slice of bench/security/fuzz.py: a few thousand mutated inputs, 0 crashes.

A target that crashes on inputs a user or a feed can send goes in ``KNOWN`` with the reason
(an expected failure, strict: it turns red once fixed) until it is fixed; see
docs/security/results.md, "Fuzzing".
"""

from __future__ import annotations

import pytest

from tests.security import fuzz

pytestmark = pytest.mark.django_db
ITERATIONS = 3_000
KNOWN: dict[str, str] = {}  # targets that crash today, with the reason (none now)


def _slice(target: str) -> int:
    return round(ITERATIONS * fuzz.SHARES[target])


@pytest.mark.parametrize(
    "target",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN[name]))
        if name in KNOWN
        else name
        for name in fuzz.SHARES
    ],
)
def test_mutated_inputs_never_crash(target: str, reference_rows: None) -> None:
    report = fuzz.run_target(target, 0, _slice(target), seed=0, database=True)
    assert report.iterations[target] == _slice(target)
    assert [str(crash) for crash in report.crashes] == []


def test_the_fuzzer_reports_a_parser_that_raises_an_undocumented_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from vigia.messaging.providers.telegram import payloads

    parse = payloads.parse

    def fragile(data: object) -> object:
        parsed = parse(data)
        if parsed.items and parsed.items[0].text.startswith("H"):
            raise KeyError("text")
        return parsed

    monkeypatch.setattr(payloads, "parse", fragile)
    report = fuzz.run_target("telegram", 0, 200, seed=0, database=False)
    assert report.crashes
    assert {crash.error.split(":")[0] for crash in report.crashes} == {"KeyError"}
