"""The push channels: e-mail through Django's mail backends, SMS through a gateway.

Every send carries the copy's idempotency key: as the e-mail's Message-ID (mail systems drop a
second message with the same id) and as the SMS gateway's `Idempotency-Key` (the gateway drops a
retried request). `PermanentError` means "do not retry" (an address the gateway refuses).

Settings (from the environment, see `config/settings.py`): `EMAIL_*` for the SMTP server,
`OPENAMO_SMS_GATEWAY` ("file" or "http"), `OPENAMO_SMS_URL`, `OPENAMO_SMS_TOKEN`,
`OPENAMO_SMS_FILE`.
"""

import json
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone


class PermanentError(Exception):
    """The channel refused this copy for good (retrying would not help)."""


class SmsGateway(Protocol):
    idempotent: bool  # the gateway itself drops a second request with the same key

    def send(self, *, to: str, text: str, key: str) -> str: ...


class HttpSmsGateway:
    """POSTs `{"to", "text", "reference"}` as JSON with a bearer token; 2xx is accepted (the
    answer's `id` is kept), 4xx other than 408/429 is permanent, anything else is retried."""

    idempotent = True

    def __init__(self, url: str, token: str = "", timeout: float = 10.0):
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, *, to: str, text: str, key: str) -> str:
        data = json.dumps({"to": to, "text": text, "reference": key}).encode()
        request = urllib.request.Request(self.url, data=data, method="POST")
        request.add_header("Content-Type", "application/json")
        request.add_header("Idempotency-Key", key)
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                payload = answer.read()
        except urllib.error.HTTPError as exc:
            if 400 <= exc.code < 500 and exc.code not in (408, 429):
                raise PermanentError(f"passerelle SMS : HTTP {exc.code}") from exc
            raise
        try:
            return str(json.loads(payload or b"{}").get("id", ""))[:100]
        except (ValueError, AttributeError):
            return ""


class FileSmsGateway:
    """The demo's gateway: one JSON line per SMS in a file under var/ (a key already written
    is not written again)."""

    idempotent = True
    _lock = threading.Lock()

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._keys: set[str] | None = None  # the keys already in the file, read once

    def _known(self) -> set[str]:
        if self._keys is None:
            self._keys = set()
            if self.path.exists():
                for line in self.path.read_text("utf-8").splitlines():
                    try:
                        self._keys.add(json.loads(line)["key"])
                    except (ValueError, KeyError, TypeError):
                        continue
        return self._keys

    def send(self, *, to: str, text: str, key: str) -> str:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            if key in self._known():
                return key
            line = {"at": timezone.now().isoformat(), "to": to, "text": text, "key": key}
            with self.path.open("a", encoding="utf-8") as out:
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
            self._keys.add(key)
        return key


def sms_gateway() -> SmsGateway | None:
    kind = getattr(settings, "OPENAMO_SMS_GATEWAY", "file")
    if kind == "http":
        return HttpSmsGateway(settings.OPENAMO_SMS_URL, settings.OPENAMO_SMS_TOKEN)
    if kind == "file":
        return FileSmsGateway(settings.OPENAMO_SMS_FILE)
    return None


def email_send(*, to: str, subject: str, body: str, key: str, connection=None) -> str:
    """One e-mail through the configured backend; its Message-ID carries the key."""
    message_id = f"<{key}@openamo>"
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Message-ID": message_id, "X-OpenAMO-Key": key},
        connection=connection or get_connection(),
    )
    message.send(fail_silently=False)
    return message_id
