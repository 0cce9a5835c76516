"""The web chat in headless Chromium: it answers with the flows under the real CSP, keeps
nothing in the browser, and the quick exit leaves no way back to it."""

from __future__ import annotations

import time
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import axe_violations, screenshot
from vigia.messaging.tests.support import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def work() -> None:
    """The worker, beside the live server's threads: in-memory SQLite's shared cache answers
    "table is locked" instead of waiting when the page polls at that moment; try again."""
    from django.db import OperationalError

    for _attempt in range(20):
        try:
            run_worker()
            return
        except OperationalError:
            time.sleep(0.1)
    run_worker()


def test_the_web_chat_talks_keeps_nothing_and_exits_in_one_tap(
    page: Any, live_server: Any, settings: Any
) -> None:
    settings.VIGIA_WEBCHAT_EXIT_URL = "about:blank"
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security" in m.text else None)
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.goto(f"{live_server.url}/conversaciones/chat/")
    page.fill("#webchat-text", "hola")
    page.click("button[type=submit] >> text=Enviar")
    expect(page.locator("#webchat-lines li.in")).to_have_count(1)  # stored before the worker
    work()
    expect(page.locator("#webchat-lines")).to_contain_text("Escribe el número", timeout=10_000)
    page.click("button[name=choice][value='5']")
    expect(page.locator("#webchat-lines li.in")).to_have_count(2)
    work()
    expect(page.locator("#webchat-lines")).to_contain_text("Una persona del equipo")
    screenshot(page, "webchat")
    problems = axe_violations(page)
    assert not problems, [v["id"] for v in problems]
    assert page.context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert not errors  # nothing refused by the CSP
    assert [url for url in missing if not url.endswith("/favicon.ico")] == []

    page.click("#quick-exit")
    page.wait_for_url("about:blank")
    page.go_back()
    assert "/conversaciones/chat/" not in page.url  # the chat is no longer in her history
