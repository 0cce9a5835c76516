"""Shared test personas and helpers. Personas: coordinator, colleague, verifier, responder,
analyst, admin and outsider (a logged-in staff member whose zones do not give access)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright + live_server


def pytest_report_header(config: pytest.Config) -> str:
    from django.db import connection

    return f"vigia database: {connection.vendor}"


@pytest.fixture
def make_staff(db: Any) -> Callable[..., Any]:
    from vigia.accounts import services
    from vigia.accounts.models import User

    counter = iter(range(10_000))

    def make(role: str, *, username: str | None = None, zones: list[Any] | None = None) -> User:
        name = username or f"{role}{next(counter)}"
        return services.staff_create(
            actor=None,
            username=name,
            password="correct horse battery",  # noqa: S106 - test persona
            role=role,
            zones=zones or [],
        )

    return make


@pytest.fixture
def lince(db: Any, reference_rows: None) -> Any:
    from vigia.zones.models import Zone

    return Zone.objects.get(ubigeo="150116")


@pytest.fixture
def callao(db: Any, reference_rows: None) -> Any:
    from vigia.zones.models import Zone

    return Zone.objects.get(ubigeo="070101")


@pytest.fixture
def coordinator(make_staff: Callable[..., Any]) -> Any:
    return make_staff("coordinator", username="coordinadora")


@pytest.fixture
def colleague(make_staff: Callable[..., Any]) -> Any:
    return make_staff("coordinator", username="colega")


@pytest.fixture
def analyst(make_staff: Callable[..., Any]) -> Any:
    return make_staff("analyst", username="analista")


@pytest.fixture
def admin_user(make_staff: Callable[..., Any]) -> Any:
    return make_staff("admin", username="administradora")


@pytest.fixture
def outsider(make_staff: Callable[..., Any], callao: Any) -> Any:
    """A coordinator who covers only Callao: Lima's records are not hers to see."""
    return make_staff("coordinator", username="forastera", zones=[callao])


def login_verified(client: Client, user: Any) -> Client:
    """Log in as if the password and the TOTP code had both been given."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", confirmed=True)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def as_user() -> Callable[[Any], Client]:
    def make(user: Any) -> Client:
        return login_verified(Client(), user)

    return make


@pytest.fixture
def restore_vault() -> Iterator[None]:
    """For tests that lock or swap the keys: put this process's keys back afterwards."""
    from vigia.vault import state

    before = state.get()
    yield
    state.install(before)


CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "test-artifacts"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium through Playwright; skipped with a reason when it is missing."""
    if not CHROMIUM.exists():
        if os.environ.get("VIGIA_REQUIRE_BROWSER") == "1":
            pytest.fail("Browser tests are required here but /usr/bin/chromium is missing.")
        pytest.skip("browser tests need Debian's chromium (apt install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def reference_rows(db: Any) -> None:
    """The rows data migrations load (districts, code lists, actors), put back when a
    transactional test before this one flushed them."""
    from django.apps import apps

    from vigia.incidents.models import EventType
    from vigia.incidents.reference_data import load as load_codes
    from vigia.zones.reference import load as load_districts

    if not EventType.objects.exists():
        load_districts(apps)
        load_codes(apps)


@pytest.fixture
def page(browser: Any, live_server: Any, reference_rows: None) -> Iterator[Any]:
    """A fresh browser tab, for tests against live_server."""
    context = browser.new_context(locale="es-PE", viewport={"width": 412, "height": 915})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screens/ (used by the user guide)."""
    target = ARTIFACTS / "screens" / f"{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)
    return target


AXE = Path(__file__).parent / "tests" / "assets" / "axe.min.js"  # axe-core 4.14.1, MPL-2.0


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical accessibility violations on the current page (axe-core)."""
    # evaluate() runs outside the page's CSP, which (rightly) forbids injected scripts.
    page.evaluate("() => {" + AXE.read_text(encoding="utf-8") + "\n}")
    results: dict[str, Any] = page.evaluate("async () => await axe.run(document)")
    return [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
