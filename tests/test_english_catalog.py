"""The English catalog: compiled, complete, faithful to placeholders, and used by the pages.

Spanish is the source language, so English is the only catalog. A string left untranslated
shows Spanish to an English-speaking coordinator; a lost placeholder crashes the page or,
worse, drops a number from an alert. After ``vigia makemessages -l en``, translate every new
entry (no ``#, fuzzy`` left) and run ``vigia compilemessages -l en``.
"""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

LC_MESSAGES = Path(__file__).resolve().parent.parent / "vigia" / "locale" / "en" / "LC_MESSAGES"
PO, MO = LC_MESSAGES / "django.po", LC_MESSAGES / "django.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")


def read_po(path: Path) -> list[dict[str, Any]]:
    """Entries as {"flags", "msgid", "msgid_plural", "msgstr", "msgstr[0]", ...}: just enough
    of the format (quoted strings with C escapes, continued on following lines)."""
    entries: list[dict[str, Any]] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry: dict[str, Any] = {"flags": ""}
        key = ""
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                entry["flags"] += line[2:]
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry[key] += ast.literal_eval(line)
            else:
                key, _, quoted = line.partition(" ")
                entry[key] = ast.literal_eval(quoted)
        if entry.get("msgid"):  # skip the header
            entries.append(entry)
    return entries


def translations(entry: dict[str, Any]) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def key_of(entry: dict[str, Any]) -> str:
    """The entry's key in a compiled catalog: a context goes before the msgid, joined by EOT."""
    context = entry.get("msgctxt")
    return f"{context}\x04{entry['msgid']}" if context else str(entry["msgid"])


def test_the_compiled_catalog_loads_and_matches_the_source() -> None:
    with MO.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    assert catalog.gettext("Ingresar") == "Log in"
    assert catalog.ngettext("%(n)s incidente", "%(n)s incidentes", 3) == "%(n)s incidents"
    # One Spanish word, two English ones: the context tells them apart.
    assert catalog.pgettext("case assignee", "Responsable") == "Assigned to"
    assert catalog.pgettext("who attacked", "Responsable") == "Perpetrator"
    # A .mo compiled before the last makemessages would miss the new strings.
    compiled = {key if isinstance(key, str) else key[0] for key in catalog._catalog}  # type: ignore[attr-defined]
    missing = [e["msgid"] for e in read_po(PO) if key_of(e) not in compiled]
    assert not missing, f"run `vigia compilemessages -l en`; not compiled: {missing[:5]}"


def test_every_string_is_translated_and_none_is_fuzzy() -> None:
    entries = read_po(PO)
    assert len(entries) > 500
    empty = [e["msgid"] for e in entries if not all(translations(e))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not empty, f"untranslated: {empty[:10]}"
    assert not fuzzy, f"fuzzy (check, then remove the flag): {fuzzy[:10]}"


def test_translations_keep_the_placeholders_of_the_spanish() -> None:
    lost = []
    for entry in read_po(PO):
        if "msgid_plural" in entry:
            pairs = [
                (entry["msgid"], entry["msgstr[0]"]),
                (entry["msgid_plural"], entry["msgstr[1]"]),
            ]
        else:
            pairs = [(entry["msgid"], entry["msgstr"])]
        lost += [
            s for s, t in pairs if sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(t))
        ]
    assert not lost, f"placeholders differ: {lost[:5]}"


def test_gettext_answers_in_english_when_the_language_is_english() -> None:
    with translation.override("en"):
        assert translation.gettext("Registro de incidentes") == "Incident register"
        assert translation.gettext("Cupo semanal") == "Weekly quota"
        one = translation.ngettext("Llegará a %(n)s integrante.", "Llegará a %(n)s integrantes.", 1)
        assert one == "It will reach %(n)s member."
    with translation.override("es"):
        assert translation.gettext("Registro de incidentes") == "Registro de incidentes"


@pytest.mark.django_db
def test_the_login_page_is_in_english_for_an_english_browser(client: Client) -> None:
    english = client.get("/cuenta/ingresar/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Log in</h1>" in english
    assert "Username" in english and "Skip to content" in english
    assert "Ingresar" not in english
    spanish = client.get("/cuenta/ingresar/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "<h1>Ingresar</h1>" in spanish
