"""Sending through the Telegram Bot API (``sendMessage`` with an inline keyboard) and
fetching files (``getFile``, then ``/file/bot<token>/<path>``)."""

from __future__ import annotations

import contextlib
from typing import Any

import httpx
from django.conf import settings

from vigia.lib.http import DisallowedURL, client
from vigia.messaging.providers.base import MediaUnavailable, Outcome, Outgoing, SendResult

CHANNEL = "telegram"


def _base() -> str:
    return str(settings.VIGIA_TELEGRAM_API_BASE).rstrip("/")


def _bot() -> str:
    return f"{_base()}/bot{settings.VIGIA_TELEGRAM_BOT_TOKEN or ''}"


def payload(message: Outgoing) -> dict[str, Any]:
    body: dict[str, Any] = {"chat_id": message.address, "text": message.text[:4096]}
    if message.template:  # no 24-hour window on Telegram: the template text is not needed
        body["text"] = body["text"] or "…"
    if message.buttons:
        body["reply_markup"] = {
            "inline_keyboard": [
                [{"text": title[:64], "callback_data": key[:64]}] for key, title in message.buttons
            ]
        }
    return body


def classify(response: httpx.Response) -> SendResult:
    try:
        data = response.json()
    except ValueError:
        data = {}
    data = data if isinstance(data, dict) else {}
    if response.status_code == 200 and data.get("ok"):
        result = data.get("result") or {}
        return SendResult(Outcome.SENT, provider_id=str(result.get("message_id", ""))[:200])
    code = str(data.get("error_code", response.status_code))
    parameters = data.get("parameters") or {}
    if response.status_code == 429:
        retry = parameters.get("retry_after") if isinstance(parameters, dict) else None
        return SendResult(
            Outcome.THROTTLED,
            error_code=code,
            retry_after=float(retry) if isinstance(retry, int | float) else None,
        )
    if response.status_code >= 500:
        return SendResult(Outcome.RETRY, error_code=code)
    if response.status_code == 403:  # blocked by the user, or she deleted her account
        return SendResult(Outcome.OPTED_OUT, error_code=code)
    return SendResult(Outcome.FAILED, error_code=code)


class TelegramTransport:
    channel = CHANNEL

    def send(self, message: Outgoing) -> SendResult:
        try:
            response = client(_base() + "/").request(
                "POST", f"{_bot()}/sendMessage", json=payload(message)
            )
        except httpx.HTTPError:
            return SendResult(Outcome.RETRY, error_code="network")
        return classify(response)

    def acknowledge(self, callback_id: str) -> None:
        """``answerCallbackQuery`` after a button tap; best effort (a late answer only fails)."""
        with contextlib.suppress(httpx.HTTPError, DisallowedURL):
            client(_base() + "/").request(
                "POST", f"{_bot()}/answerCallbackQuery", json={"callback_query_id": callback_id}
            )

    def download(self, media_id: str) -> bytes:
        http = client(_base() + "/")
        try:
            meta = http.request("GET", f"{_bot()}/getFile", params={"file_id": media_id})
            path = (meta.json().get("result") or {}).get("file_path", "")
            if meta.status_code != 200 or not isinstance(path, str) or not path or ".." in path:
                raise MediaUnavailable
            token = settings.VIGIA_TELEGRAM_BOT_TOKEN or ""
            file = http.request("GET", f"{_base()}/file/bot{token}/{path}")
        except (httpx.HTTPError, ValueError, AttributeError, DisallowedURL):
            raise MediaUnavailable from None
        if file.status_code != 200 or len(file.content) > settings.VIGIA_MAX_ATTACHMENT_BYTES:
            raise MediaUnavailable
        return bytes(file.content)
