from __future__ import annotations

import itertools
from typing import Any

from vigia.members import services
from vigia.members.models import Member

# Synthetic numbers in a block no real subscriber holds in tests: 900 000 000 upwards.
_numbers = itertools.count(900_000_001)


def synthetic_phone() -> str:
    return f"+51{next(_numbers)}"


def member(*, actor: Any = None, **overrides: Any) -> Member:
    values: dict[str, Any] = {
        "pseudonym": "Rosa Test",
        "channel": "whatsapp",
        "address": synthetic_phone(),
        "consents": ["alerts"],
    }
    values.update(overrides)
    return services.member_enrol(actor=actor, **values)
