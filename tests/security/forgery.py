"""Forged and replayed webhook deliveries, through Django's full request stack (the test
client, as the messaging tests use), for the CI slice and bench/security/forgery.py.

Every forged request carries a well-formed delivery with a new message id, so that if it were
accepted it would answer 200 *and* store a row. The forgeries, per provider:

- WhatsApp (``X-Hub-Signature-256``, HMAC-SHA256 of the raw body with the app secret): no
  header, empty, wrong secret, empty secret, truncated, without ``sha256=``, SHA-1, upper-case
  hex, one character too many, a genuine signature of another body, and a genuine delivery
  replayed with its body modified.
- Telegram (``X-Telegram-Bot-Api-Secret-Token``, a shared secret): no header, empty, wrong,
  truncated, one character too many, case changed, padded, sent under another header name.
  (Telegram signs nothing: the token authenticates the sender, not the body.)
- SMS (``X-Twilio-Signature``, base64 HMAC-SHA1 of URL + sorted parameters with the auth
  token): no header, empty, wrong token, truncated, hex instead of base64, SHA-256, signed for
  another URL, a genuine signature of other parameters, and a genuine delivery replayed with
  a parameter changed, added or removed.

Replays of genuine deliveries must answer 200 (the provider stops retrying) and change no
row count: inbound messages, threads and queued tasks.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.test import Client

SECRET = "forgery-app-secret"
TELEGRAM_TOKEN = "forgery-telegram-token_0123456789"
SMS_TOKEN = "forgery-sms-token"
SMS_URL = "https://vigia.example.org/hooks/sms/"
SETTINGS: dict[str, Any] = {
    "VIGIA_WHATSAPP_APP_SECRET": SECRET,
    "VIGIA_WHATSAPP_VERIFY_TOKEN": "forgery-verify",
    "VIGIA_WHATSAPP_ACCESS_TOKEN": "forgery-access",
    "VIGIA_WHATSAPP_PHONE_NUMBER_ID": "106540352242922",
    "VIGIA_TELEGRAM_BOT_TOKEN": "123:forgery",
    "VIGIA_TELEGRAM_SECRET_TOKEN": TELEGRAM_TOKEN,
    "VIGIA_SMS_ACCOUNT": "ACforgery",
    "VIGIA_SMS_AUTH_TOKEN": SMS_TOKEN,
    "VIGIA_SMS_WEBHOOK_URL": SMS_URL,
}
_serial = itertools.count(1)


@dataclass(frozen=True)
class Request:
    provider: str
    kind: str
    path: str
    body: bytes
    content_type: str
    headers: dict[str, str]

    def send(self, client: Client) -> int:
        response = client.post(
            self.path, self.body, content_type=self.content_type, headers=self.headers
        )
        return int(response.status_code)


# -- genuine deliveries ------------------------------------------------------------------


def _whatsapp_sign(secret: str, body: bytes, digest: Any = hashlib.sha256) -> str:
    return hmac.new(secret.encode(), body, digest).hexdigest()


def whatsapp(n: int, text: str = "") -> Request:
    from vigia.messaging import fake

    message = fake.message(
        f"+5190055{n % 10_000:04d}", text=text or f"forja {n}", id=f"wamid.forja-{n}"
    )
    body = fake.delivery([message])
    signature = "sha256=" + _whatsapp_sign(SECRET, body)
    headers = {"X-Hub-Signature-256": signature}
    return Request("whatsapp", "genuine", "/hooks/whatsapp/", body, "application/json", headers)


def telegram(n: int, text: str = "") -> Request:
    import json

    update = {
        "update_id": 800_000_000 + n,
        "message": {
            "message_id": n,
            "date": int(time.time()),
            "chat": {"id": 7_100_000 + n % 10_000, "type": "private"},
            "text": text or f"forja {n}",
        },
    }
    headers = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_TOKEN}
    body = json.dumps(update).encode()
    return Request("telegram", "genuine", "/hooks/telegram/", body, "application/json", headers)


def sms_params(n: int, text: str = "") -> dict[str, str]:
    return {
        "MessageSid": f"SMforja{n:010d}",
        "From": f"+5190066{n % 10_000:04d}",
        "Body": text or f"forja {n}",
        "NumMedia": "0",
    }


def sms_signature(params: dict[str, str], *, token: str = SMS_TOKEN, url: str = SMS_URL) -> str:
    from vigia.messaging.providers.sms.views import signature

    return signature(token, url, params.items())


def sms(n: int, params: dict[str, str] | None = None, signature: str | None = None) -> Request:
    params = params or sms_params(n)
    headers = {"X-Twilio-Signature": sms_signature(params) if signature is None else signature}
    body = urlencode(params).encode()
    return Request(
        "sms", "genuine", "/hooks/sms/", body, "application/x-www-form-urlencoded", headers
    )


GENUINE: dict[str, Callable[[int], Request]] = {
    "whatsapp": whatsapp,
    "telegram": telegram,
    "sms": sms,
}


# -- forgeries ---------------------------------------------------------------------------


def _with(
    request: Request, kind: str, headers: dict[str, str], body: bytes | None = None
) -> Request:
    return Request(
        request.provider, kind, request.path, request.body if body is None else body,
        request.content_type, headers,
    )  # fmt: skip


def _whatsapp_forgeries(n: int) -> Iterator[Request]:
    real = whatsapp(n)
    good = real.headers["X-Hub-Signature-256"]
    hexed = good.removeprefix("sha256=")
    other = whatsapp(n + 1_000_000_000)
    header = "X-Hub-Signature-256"
    yield _with(real, "missing", {})
    yield _with(real, "empty", {header: ""})
    yield _with(real, "wrong-secret", {header: "sha256=" + _whatsapp_sign("guess", real.body)})
    yield _with(real, "empty-secret", {header: "sha256=" + _whatsapp_sign("", real.body)})
    yield _with(real, "truncated", {header: good[: 7 + n % 64]})
    yield _with(real, "no-prefix", {header: hexed})
    yield _with(real, "sha1", {header: "sha1=" + _whatsapp_sign(SECRET, real.body, hashlib.sha1)})
    yield _with(real, "upper-case", {header: "sha256=" + hexed.upper()})
    yield _with(real, "too-long", {header: good + "0"})
    yield _with(real, "other-body", other.headers)
    yield _with(real, "modified-body", real.headers, real.body.replace(b"forja", b"FORJA"))


def _telegram_forgeries(n: int) -> Iterator[Request]:
    real = telegram(n)
    header = "X-Telegram-Bot-Api-Secret-Token"
    yield _with(real, "missing", {})
    yield _with(real, "empty", {header: ""})
    yield _with(real, "wrong", {header: "forgery-telegram-token_9876543210"})
    yield _with(real, "truncated", {header: TELEGRAM_TOKEN[: n % len(TELEGRAM_TOKEN)]})
    yield _with(real, "too-long", {header: TELEGRAM_TOKEN + "x"})
    yield _with(real, "case-changed", {header: TELEGRAM_TOKEN.swapcase()})
    yield _with(real, "padded", {header: f" {TELEGRAM_TOKEN} "})
    yield _with(real, "other-header", {"X-Telegram-Secret-Token": TELEGRAM_TOKEN})


def _sms_forgeries(n: int) -> Iterator[Request]:
    params = sms_params(n)
    real = sms(n, params)
    good = real.headers["X-Twilio-Signature"]
    header = "X-Twilio-Signature"
    signed = SMS_URL + "".join(f"{k}{v}" for k, v in sorted(params.items()))
    sha256 = hmac.new(SMS_TOKEN.encode(), signed.encode(), hashlib.sha256).digest()
    yield _with(real, "missing", {})
    yield _with(real, "empty", {header: ""})
    yield _with(real, "wrong-token", {header: sms_signature(params, token="guess")})
    yield _with(real, "truncated", {header: good[: n % len(good)]})
    yield _with(real, "hex", {header: base64.b64decode(good).hex()})
    yield _with(real, "sha256", {header: base64.b64encode(sha256).decode()})
    url = SMS_URL.replace("https://", "http://")
    yield _with(real, "other-url", {header: sms_signature(params, url=url)})
    yield _with(real, "other-params", {header: sms_signature(sms_params(n + 1_000_000_000))})
    changed = {**params, "Body": params["Body"].upper()}
    yield _with(sms(n, changed, good), "modified-body", {header: good})
    added = {**params, "MediaUrl0": "https://example.org/x.jpg"}
    yield _with(sms(n, added, good), "added-param", {header: good})
    removed = {k: v for k, v in params.items() if k != "NumMedia"}
    yield _with(sms(n, removed, good), "removed-param", {header: good})


FORGERIES: dict[str, Callable[[int], Iterator[Request]]] = {
    "whatsapp": _whatsapp_forgeries,
    "telegram": _telegram_forgeries,
    "sms": _sms_forgeries,
}


def forgeries(count: int) -> Iterator[Request]:
    """``count`` forged requests, cycling through the providers and their forgeries."""
    made = 0
    while True:
        n = next(_serial)
        batches = [list(make(n)) for make in FORGERIES.values()]
        for request in itertools.chain.from_iterable(itertools.zip_longest(*batches)):
            if request is None:
                continue
            if made == count:
                return
            made += 1
            yield request


# -- running them ------------------------------------------------------------------------


def counts() -> dict[str, int]:
    """The rows a delivery can create: inbound messages, threads, queued tasks."""
    from django_tasks_db.models import DBTaskResult

    from vigia.messaging.models import InboundMessage, Thread

    return {
        "inbound": InboundMessage.objects.count(),
        "threads": Thread.objects.count(),
        "tasks": DBTaskResult.objects.count(),
    }


@dataclass
class ForgeryReport:
    sent: int = 0
    seconds: float = 0.0
    statuses: Counter[int] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    accepted: list[tuple[str, str, int]] = field(default_factory=list)
    rows_before: dict[str, int] = field(default_factory=dict)
    rows_after: dict[str, int] = field(default_factory=dict)

    @property
    def created(self) -> int:
        return sum(self.rows_after.values()) - sum(self.rows_before.values())

    @property
    def rate(self) -> float:
        return self.sent / self.seconds if self.seconds else 0.0


def forge(count: int, client: Client | None = None) -> ForgeryReport:
    """Send ``count`` forged requests; which were accepted (2xx) and how many rows appeared."""
    client = client or Client()
    report = ForgeryReport(rows_before=counts())
    started = time.perf_counter()
    for request in forgeries(count):
        status = request.send(client)
        report.sent += 1
        report.statuses[status] += 1
        report.kinds[f"{request.provider}/{request.kind}"] += 1
        if 200 <= status < 300:
            report.accepted.append((request.provider, request.kind, status))
    report.seconds = time.perf_counter() - started
    report.rows_after = counts()
    return report


@dataclass
class ReplayReport:
    delivered: int = 0
    first_answers: Counter[int] = field(default_factory=Counter)
    replays: int = 0
    replay_answers: Counter[int] = field(default_factory=Counter)
    rows_before: dict[str, int] = field(default_factory=dict)
    rows_after_first: dict[str, int] = field(default_factory=dict)
    rows_after_replays: dict[str, int] = field(default_factory=dict)

    @property
    def second_effects(self) -> int:
        return sum(self.rows_after_replays.values()) - sum(self.rows_after_first.values())


def replay(per_provider: int, times: int = 3, client: Client | None = None) -> ReplayReport:
    """Deliver genuine requests once, then each again ``times`` times, byte for byte."""
    client = client or Client()
    report = ReplayReport(rows_before=counts())
    genuine = [make(next(_serial)) for _ in range(per_provider) for make in GENUINE.values()]
    for request in genuine:
        report.first_answers[request.send(client)] += 1
        report.delivered += 1
    report.rows_after_first = counts()
    for _round in range(times):
        for request in genuine:
            report.replay_answers[request.send(client)] += 1
            report.replays += 1
    report.rows_after_replays = counts()
    return report
