from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _no_politeness_pause(settings: Any) -> None:
    """The fake site is ours: no pause between requests, so the tests stay fast."""
    settings.VIGIA_PRESS_SITE_DELAY_SECONDS = 0
    settings.VIGIA_PRESS_ALLOW_PRIVATE = True  # the fake site listens on 127.0.0.1
