"""A local fake of the WhatsApp Cloud API, for tests, benchmarks and ``vigia simulate``.

It answers the calls Vigía makes (send a message, look up a media id, download the file)
with the documented shapes, records what was sent, can enforce a messages-per-second limit
with 429s like the real API, and builds signed webhook deliveries as Meta sends them.
It listens on 127.0.0.1 only.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PHONE_NUMBER_ID = "106540352242922"
_ids = itertools.count(1)


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def delivery(messages: list[dict[str, Any]], statuses: list[dict[str, Any]] | None = None) -> bytes:
    """A webhook body as Meta sends it, holding these message (and status) objects."""
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": PHONE_NUMBER_ID},
        "contacts": [{"profile": {"name": "-"}, "wa_id": m["from"]} for m in messages[:1]],
        "messages": messages,
    }
    if statuses:
        value["statuses"] = statuses
    body = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"value": value, "field": "messages"}]}],
    }
    return json.dumps(body).encode()


def message(sender: str, *, text: str = "", kind: str = "text", **fields: Any) -> dict[str, Any]:
    """One inbound message object (text, image, audio, interactive...)."""
    item: dict[str, Any] = {
        "from": sender.lstrip("+"),
        "id": fields.pop("id", f"wamid.fake-{next(_ids)}-{time.time_ns()}"),
        "timestamp": str(int(time.time())),
        "type": kind,
    }
    if kind == "text":
        item["text"] = {"body": text}
    elif kind in ("image", "audio", "video", "document"):
        item[kind] = {"id": fields.pop("media_id"), "mime_type": fields.pop("mime_type", "")}
        if text:
            item[kind]["caption"] = text
        if kind == "audio":
            item[kind]["voice"] = True
    elif kind == "interactive":
        item["interactive"] = {
            "type": "button_reply",
            "button_reply": {"id": fields.pop("choice"), "title": text},
        }
    item.update(fields)
    return item


class FakeWhatsApp:
    def __init__(self, *, rate_limit: int | None = None, latency: float = 0.0) -> None:
        self.rate_limit = rate_limit
        self.latency = latency
        self.sent: list[dict[str, Any]] = []
        self.throttled = 0
        self.media: dict[str, bytes] = {}
        self.scripted: deque[tuple[int, dict[str, Any]]] = deque()
        self._recent: deque[float] = deque()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body leave in two writes: with Nagle's algorithm on, the client's
            # delayed ACK adds ~40 ms to every call, which no real provider does.
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self, status: int, body: bytes, kind: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                data = json.loads(self.rfile.read(length) or b"{}")
                status, answer = fake._send(self.path, data, self.headers.get("Authorization"))
                self._answer(status, json.dumps(answer).encode())

            def do_GET(self) -> None:
                status, body, kind = fake._get(self.path, self.headers.get("Host", ""))
                self._answer(status, body, kind)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self.base_url

    @property
    def base_url(self) -> str:
        assert self._server is not None  # noqa: S101 - started first
        return f"http://127.0.0.1:{self._server.server_address[1]}/v21.0"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # -- behaviour ---------------------------------------------------------------------
    def _send(self, path: str, data: dict[str, Any], auth: str | None) -> tuple[int, Any]:
        if self.latency:
            time.sleep(self.latency)
        if not path.endswith(f"/{PHONE_NUMBER_ID}/messages") or not auth:
            return 400, {"error": {"code": 100, "message": "Invalid parameter"}}
        with self._lock:
            if self.scripted:
                status, answer = self.scripted.popleft()
                if status != 200:
                    return status, answer
            now = time.monotonic()
            while self._recent and now - self._recent[0] >= 1.0:
                self._recent.popleft()
            if self.rate_limit is not None and len(self._recent) >= self.rate_limit:
                self.throttled += 1
                return 429, {"error": {"code": 130429, "message": "Rate limit hit"}}
            self._recent.append(now)
            wamid = f"wamid.out-{next(_ids)}"
            self.sent.append({**data, "_id": wamid, "_at": time.time()})
        return 200, {
            "messaging_product": "whatsapp",
            "contacts": [{"input": data.get("to", ""), "wa_id": data.get("to", "")}],
            "messages": [{"id": wamid}],
        }

    def _get(self, path: str, host: str) -> tuple[int, bytes, str]:
        parts = path.strip("/").split("/")
        if len(parts) == 3 and parts[1] == "files" and parts[2] in self.media:
            return 200, self.media[parts[2]], "application/octet-stream"
        if len(parts) == 2 and parts[1] in self.media:
            answer = {
                "messaging_product": "whatsapp",
                "url": f"{self.base_url}/files/{parts[1]}",
                "mime_type": "application/octet-stream",
                "sha256": hashlib.sha256(self.media[parts[1]]).hexdigest(),
                "file_size": str(len(self.media[parts[1]])),
                "id": parts[1],
            }
            return 200, json.dumps(answer).encode(), "application/json"
        return 404, b'{"error": {"code": 100}}', "application/json"

    # -- helpers for tests -------------------------------------------------------------
    def script(self, status: int, answer: dict[str, Any]) -> None:
        """The next send gets this answer instead of a success."""
        with self._lock:
            self.scripted.append((status, answer))

    def texts_to(self, address: str) -> list[str]:
        """What a phone received, as it would read it (a template shows its fixed text)."""
        to = address.lstrip("+")
        shown = []
        with self._lock:
            for item in self.sent:
                if item.get("to") != to:
                    continue
                if item.get("type") == "text":
                    shown.append(item["text"]["body"])
                elif item.get("type") == "interactive":
                    shown.append(item["interactive"]["body"]["text"])
                elif item.get("type") == "template":
                    shown.append(f"[template:{item['template']['name']}]")
        return shown
