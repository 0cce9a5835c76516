"""Small typed readers for the environment.

Every variable also accepts ``NAME_FILE``, a path to a file holding the value (for Docker and
systemd credentials). Bad values raise :class:`ConfigError` with one sentence that says what is
wrong and how to fix it; the ``vigia`` command prints it without a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path


class ConfigError(Exception):
    """A setting is missing or wrong; the message is one sentence for the operator."""


def _raw(name: str) -> str | None:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(
                f"{name}_FILE points to {file_name}, which cannot be read ({exc.strerror}); "
                "fix the path or its permissions."
            ) from None
    value = os.environ.get(name)
    if value is None:
        return None
    return value.strip()


def env_str(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None or value == "" else value


def env_optional(name: str) -> str | None:
    value = _raw(name)
    return value or None


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None or value == "":
        return default
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be 1 or 0 (or true/false), not {value!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {number}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None or value == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    value = _raw(name)
    return Path(value).expanduser().resolve() if value else default.resolve()


def env_secret(name: str) -> str | None:
    """A secret: from ``NAME`` or, preferably, ``NAME_FILE``. Empty means unset."""
    return env_optional(name)
