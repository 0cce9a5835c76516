"""Sending SMS through a Twilio-compatible gateway (``POST /2010-04-01/Accounts/<sid>/
Messages.json``, HTTP basic auth) and fetching MMS media from the gateway's host."""

from __future__ import annotations

import httpx
from django.conf import settings

from vigia.lib.http import DisallowedURL, client
from vigia.messaging.providers.base import MediaUnavailable, Outcome, Outgoing, SendResult

CHANNEL = "sms"
OPTED_OUT = {"21610"}  # the recipient answered STOP
THROTTLED = {"20429", "14107"}


def _base() -> str:
    return str(settings.VIGIA_SMS_API_BASE).rstrip("/")


def _auth() -> tuple[str, str]:
    return (settings.VIGIA_SMS_ACCOUNT or "", settings.VIGIA_SMS_AUTH_TOKEN or "")


def classify(response: httpx.Response) -> SendResult:
    try:
        data = response.json()
    except ValueError:
        data = {}
    data = data if isinstance(data, dict) else {}
    if response.status_code in (200, 201):
        return SendResult(Outcome.SENT, provider_id=str(data.get("sid", ""))[:200])
    code = str(data.get("code", response.status_code))
    if response.status_code == 429 or code in THROTTLED:
        return SendResult(Outcome.THROTTLED, error_code=code)
    if response.status_code >= 500:
        return SendResult(Outcome.RETRY, error_code=code)
    if code in OPTED_OUT:
        return SendResult(Outcome.OPTED_OUT, error_code=code)
    return SendResult(Outcome.FAILED, error_code=code)


class SmsTransport:
    channel = CHANNEL

    def send(self, message: Outgoing) -> SendResult:
        text = message.text  # no buttons on SMS: the flows' texts carry numbered lines
        url = f"{_base()}/2010-04-01/Accounts/{settings.VIGIA_SMS_ACCOUNT}/Messages.json"
        form = {"To": message.address, "From": settings.VIGIA_SMS_FROM or "", "Body": text[:1600]}
        try:
            response = client(_base() + "/").request("POST", url, data=form, auth=_auth())
        except httpx.HTTPError:
            return SendResult(Outcome.RETRY, error_code="network")
        return classify(response)

    def download(self, media_id: str) -> bytes:
        try:
            file = client(_base() + "/").request("GET", media_id, auth=_auth())
        except (httpx.HTTPError, DisallowedURL):
            raise MediaUnavailable from None
        if file.status_code != 200 or len(file.content) > settings.VIGIA_MAX_ATTACHMENT_BYTES:
            raise MediaUnavailable
        return bytes(file.content)
