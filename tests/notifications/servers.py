"""Real local servers for the channels: an SMTP server (aiosmtpd) and an SMS gateway
(http.server) that drops a request whose Idempotency-Key it already has."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """The aiosmtpd handler: keeps every message it accepted; `on_data` runs before it answers."""

    def __init__(self):
        self.messages: list[dict] = []
        self.on_data = None

    async def handle_DATA(self, server, session, envelope):
        content = envelope.content.decode("utf-8", "replace")
        self.messages.append({"to": list(envelope.rcpt_tos), "content": content})
        if self.on_data:
            self.on_data()
        return "250 OK"


def smtp_start():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, mailbox


class Gateway:
    """What the fake SMS operator received: every request, and the SMS it delivered."""

    def __init__(self, token="secret-token", fail_next=0):
        self.token, self.fail_next = token, fail_next
        self.requests: list[dict] = []
        self.delivered: dict[str, dict] = {}
        self.on_request = None


def sms_start(gateway: Gateway):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            key = self.headers.get("Idempotency-Key", "")
            gateway.requests.append({"key": key, "auth": self.headers.get("Authorization"), **body})
            if self.headers.get("Authorization") != f"Bearer {gateway.token}":
                return self._answer(401, {"error": "unauthorized"})
            if gateway.fail_next:
                gateway.fail_next -= 1
                return self._answer(503, {"error": "busy"})
            gateway.delivered.setdefault(key, body)  # a known key is not delivered again
            if gateway.on_request:
                gateway.on_request()
            self._answer(200, {"id": f"sms-{len(gateway.delivered)}"})

        def _answer(self, code, payload):
            data = json.dumps(payload).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
