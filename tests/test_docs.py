"""A setting or command that is not documented fails the build."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = ROOT / "vigia"
SETTINGS_DOCS = sorted((ROOT / "docs").glob("*.md"))


def _documented(paths: list[Path]) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in paths if p.exists())


def test_every_environment_variable_is_documented() -> None:
    used: set[str] = set()
    for source in CODE.rglob("*.py"):
        used |= set(re.findall(r"[\"'](VIGIA_[A-Z0-9_]+|DATABASE_URL)[\"']", source.read_text()))
    used |= set(re.findall(r"(VIGIA_[A-Z0-9_]+)", (ROOT / "tests" / "run_suites.py").read_text()))
    docs = _documented(SETTINGS_DOCS)
    missing = sorted(name for name in used if f"`{name}`" not in docs)
    assert not missing, f"undocumented settings: {missing}"


def test_every_command_is_documented() -> None:
    names = {p.stem for p in CODE.glob("*/management/commands/*.py") if p.stem != "__init__"}
    main = (CODE / "__main__.py").read_text()
    names |= set(re.findall(r'^\s+"([a-z]+)": "vigia\.', main, flags=re.MULTILINE))
    docs = _documented(sorted((ROOT / "docs").glob("*.md")))
    present = {name for name in names if f"`vigia {name}" in docs}
    # `vigia press` is documented when the press app lands; until then its module is absent.
    pending = {name for name in names - present if not _module_exists(name, main)}
    assert names - present - pending == set()


def _module_exists(name: str, main: str) -> bool:
    match = re.search(rf'"{name}": "(vigia\.[a-z_.]+)"', main)
    if match is None:
        return True
    return (ROOT / (match.group(1).replace(".", "/") + ".py")).exists()
