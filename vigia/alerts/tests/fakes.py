"""Loopback fakes of the Telegram Bot API (``sendMessage``) and of a Twilio-compatible SMS
gateway (``Messages.json``), for the alerts tests and ``bench/alerts.py``: they record what
was sent and, like the real services, answer 429 above a messages-per-second limit.
(messaging ships a fake WhatsApp only; these follow the same pattern.)"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

_ids = itertools.count(1)


class FakeProvider:
    def __init__(self, kind: str, *, rate_limit: int | None = None) -> None:
        self.kind = kind  # "telegram" or "sms"
        self.rate_limit = rate_limit
        self.sent: list[dict[str, Any]] = []
        self.throttled = 0
        self._recent: deque[float] = deque()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            # Without it every answer waits ~40 ms for the delayed ACK (headers, then body).
            disable_nagle_algorithm = True
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status, answer = fake._send(self.path, raw)
                body = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _send(self, path: str, raw: bytes) -> tuple[int, Any]:
        if self.kind == "telegram":
            if not path.endswith("/sendMessage"):
                return 404, {"ok": False, "error_code": 404}
            data = json.loads(raw or b"{}")
            to = str(data.get("chat_id", ""))
        else:
            if not path.endswith("/Messages.json"):
                return 404, {"code": 20404}
            data = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            to = data.get("To", "")
        with self._lock:
            now = time.monotonic()
            while self._recent and now - self._recent[0] >= 1.0:
                self._recent.popleft()
            if self.rate_limit is not None and len(self._recent) >= self.rate_limit:
                self.throttled += 1
                if self.kind == "telegram":
                    return 429, {"ok": False, "error_code": 429, "parameters": {"retry_after": 1}}
                return 429, {"code": 20429}
            self._recent.append(now)
            number = next(_ids)
            self.sent.append(
                {"to": to, "text": data.get("text") or data.get("Body", ""), "_at": time.time()}
            )
        if self.kind == "telegram":
            return 200, {"ok": True, "result": {"message_id": number}}
        return 201, {"sid": f"SM{number:032d}", "status": "queued"}

    def texts_to(self, address: str) -> list[str]:
        with self._lock:
            return [str(s["text"]) for s in self.sent if s["to"] == address]
