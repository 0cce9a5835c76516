"""Sending through the WhatsApp Cloud API and downloading the media members send.

Error codes (Meta's Cloud API error reference) are mapped to what the outbox does next:
rate limits slow down and retry, service trouble retries, a closed 24-hour window is handled
by the outbox (template), a user who blocked or left is "opted out", the rest fail.
"""

from __future__ import annotations

from typing import Any

import httpx
from django.conf import settings

from vigia.lib.http import DisallowedURL, client
from vigia.messaging.providers.base import MediaUnavailable, Outcome, Outgoing, SendResult

CHANNEL = "whatsapp"
# Media files are served from Meta's CDN host, not from the Graph API host.
MEDIA_HOST = "https://lookaside.fbsbx.com/"
THROTTLED = {"4", "80007", "130429", "131056", "131048"}
RETRY = {"1", "2", "131000", "131016", "133004", "190"}  # 190: expired token, fixable
OPTED_OUT = {"131050", "131049"}
WINDOW_CLOSED = "131047"
MAX_BUTTONS = 3  # reply buttons per message; more choices become a list
MAX_ROWS = 10


def _base() -> str:
    return str(settings.VIGIA_WHATSAPP_API_BASE).rstrip("/")


def _headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {settings.VIGIA_WHATSAPP_ACCESS_TOKEN or ''}"}


def _http() -> Any:
    return client(_base() + "/", MEDIA_HOST)


def payload(message: Outgoing) -> dict[str, Any]:
    to = message.address.lstrip("+")
    body: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
    }
    if message.template:
        body["type"] = "template"
        body["template"] = {"name": message.template, "language": {"code": message.language}}
    elif message.buttons and len(message.buttons) <= MAX_BUTTONS:
        body["type"] = "interactive"
        body["interactive"] = {
            "type": "button",
            "body": {"text": message.text[:1024]},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"id": key, "title": title[:20]}}
                    for key, title in message.buttons
                ]
            },
        }
    elif message.buttons:
        body["type"] = "interactive"
        body["interactive"] = {
            "type": "list",
            "body": {"text": message.text[:4096]},
            "action": {
                "button": "Opciones" if message.language == "es" else "Options",
                "sections": [
                    {
                        "title": "Menú" if message.language == "es" else "Menu",
                        "rows": [
                            {"id": key, "title": title[:24]}
                            for key, title in message.buttons[:MAX_ROWS]
                        ],
                    }
                ],
            },
        }
    else:
        body["type"] = "text"
        body["text"] = {"body": message.text[:4096], "preview_url": False}
    return body


def classify(response: httpx.Response) -> SendResult:
    """Map an HTTP answer of the Graph API to an outbox outcome."""
    try:
        data = response.json()
    except ValueError:
        data = {}
    if response.status_code == 200 and isinstance(data, dict):
        messages = data.get("messages") or [{}]
        provider_id = str(messages[0].get("id", "")) if isinstance(messages[0], dict) else ""
        return SendResult(Outcome.SENT, provider_id=provider_id[:200])
    error = data.get("error", {}) if isinstance(data, dict) else {}
    code = str(error.get("code", "")) if isinstance(error, dict) else ""
    retry_after = _retry_after(response)
    if response.status_code == 429 or code in THROTTLED:
        return SendResult(Outcome.THROTTLED, error_code=code or "429", retry_after=retry_after)
    if response.status_code >= 500 or code in RETRY:
        return SendResult(Outcome.RETRY, error_code=code or str(response.status_code))
    if code in OPTED_OUT:
        return SendResult(Outcome.OPTED_OUT, error_code=code)
    if code == WINDOW_CLOSED:
        return SendResult(Outcome.RETRY, error_code=code)
    return SendResult(Outcome.FAILED, error_code=code or str(response.status_code))


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, min(float(value), 3600.0)) if value else None
    except ValueError:
        return None


class WhatsAppTransport:
    channel = CHANNEL

    def __init__(self, *, base: str = "", token: str = "", number_id: str = "") -> None:
        """The settings' API by default; the simulator names its local fake instead (without
        touching settings, which other threads of the web process read)."""
        self.base = base.rstrip("/")
        self.token = token
        self.number_id = number_id

    def send(self, message: Outgoing) -> SendResult:
        base = self.base or _base()
        number_id = self.number_id or settings.VIGIA_WHATSAPP_PHONE_NUMBER_ID
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else _headers()
        try:
            response = client(base + "/", MEDIA_HOST).request(
                "POST", f"{base}/{number_id}/messages", json=payload(message), headers=headers
            )
        except httpx.HTTPError:
            return SendResult(Outcome.RETRY, error_code="network")
        return classify(response)

    def download(self, media_id: str) -> bytes:
        if not media_id or not media_id.replace("_", "").replace("-", "").isalnum():
            raise MediaUnavailable
        try:
            meta = _http().request("GET", f"{_base()}/{media_id}", headers=_headers())
            url = meta.json().get("url", "") if meta.status_code == 200 else ""
            if not isinstance(url, str) or not url:
                raise MediaUnavailable
            file = _http().request("GET", url, headers=_headers())
        except (httpx.HTTPError, ValueError, AttributeError, DisallowedURL):
            raise MediaUnavailable from None
        if file.status_code != 200 or len(file.content) > settings.VIGIA_MAX_ATTACHMENT_BYTES:
            raise MediaUnavailable
        return bytes(file.content)
