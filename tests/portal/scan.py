"""A small crawler for the page-scanning test: follows the links of a logged-in user's pages
(same origin, GET, bounded) and reports what a user must never read on them."""

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urlencode, urlsplit

# Paths never followed: leaving the session, downloads, machine interfaces.
SKIP_PATHS = ("/deconnexion/", "/api/", "/fhir/", "/static/", "/admin/logout/", "/i18n/")
SKIP_ENDINGS = (".pdf", ".csv", ".xlsx", ".json", ".xml")
SKIP_QUERY_KEYS = {"export"}
# Query keys that only re-order or page the same rows: a path is visited with few of them.
VARIANT_KEYS = {"page", "tri", "p", "o"}

# Phrases of Django's own (English) error and debug pages.
ENGLISH_ERRORS = (
    "Page not found",
    "Server Error",
    "Server error",
    "Bad Request",
    "Forbidden",
    "Traceback",
    "A server error occurred",
    "The requested resource was not found",
)
# A rate or amount with three decimals ("80,000", "12,500 %"); French thousands use a
# (narrow) no-break space, so a comma followed by exactly three digits is a decimal.
THREE_DECIMALS = re.compile(r"(?<![\d,.])\d{1,3},\d{3}(?![\d,])")
DOTTED_RATE = re.compile(r"\b\d+\.\d+\s*%")


class _Page(HTMLParser):
    """Visible text (outside script/style, outside the discreet staff code hints) and links."""

    # `pre` holds file-format examples (JSON with its field values), not prose.
    HIDDEN = {"script", "style", "template", "noscript", "title", "pre"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "col"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self._stack: list[bool] = []  # per open element: does it hide its text?

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in self.VOID:
            return
        classes = (attrs.get("class") or "").split()
        hides = tag in self.HIDDEN or "code-hint" in classes
        self._stack.append(hides)

    def handle_endtag(self, tag):
        if tag in self.VOID or not self._stack:
            return
        self._stack.pop()

    def handle_data(self, data):
        if not any(self._stack):
            self.text.append(data)


def page_read(html: str) -> tuple[str, list[str]]:
    parser = _Page()
    parser.feed(html)
    return " ".join(" ".join(parser.text).split()), parser.links


@dataclass
class Finding:
    url: str
    problem: str

    def __str__(self) -> str:
        return f"{self.url}: {self.problem}"


@dataclass
class Crawl:
    visited: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _shape(path: str) -> str:
    """/dossiers/D2025-00012/ and /dossiers/D2025-00013/ have one shape."""
    return "/".join("*" if re.search(r"\d", part) else part for part in path.split("/"))


def _normal(href: str, current: str) -> str | None:
    href, _ = urldefrag(href)
    if not href or href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    parts = urlsplit(href)
    if (parts.scheme or parts.netloc) and parts.netloc not in ("testserver", ""):
        return None
    path = parts.path
    if not path:
        path = urlsplit(current).path
    elif not path.startswith("/"):
        base = urlsplit(current).path.rsplit("/", 1)[0]
        path = f"{base}/{path}"
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(key in SKIP_QUERY_KEYS for key, _ in query):
        return None
    if path.startswith(SKIP_PATHS) or path.endswith(SKIP_ENDINGS):
        return None
    return path + (f"?{urlencode(query)}" if query else "")


def _key(url: str) -> tuple[str, frozenset]:
    parts = urlsplit(url)
    keys = {k for k, _ in parse_qsl(parts.query) if k not in VARIANT_KEYS}
    return _shape(parts.path), frozenset(keys)


def text_check(url: str, text: str, codes: set[str]) -> list[Finding]:
    out = []
    for phrase in ENGLISH_ERRORS:
        if phrase in text:
            out.append(Finding(url, f"page d'erreur anglaise ({phrase!r})"))
    words = set(re.findall(r"[a-z][a-z0-9_-]*[a-z0-9]", text))
    for code in sorted(words & codes):
        at = re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)
        if at:
            around = text[max(0, at.start() - 40) : at.end() + 40]
            out.append(Finding(url, f"code interne {code!r} : …{around}…"))
    for pattern in (THREE_DECIMALS, DOTTED_RATE):
        for match in pattern.finditer(text):
            around = text[max(0, match.start() - 40) : match.end() + 20]
            out.append(Finding(url, f"nombre mal écrit {match.group()!r} : …{around}…"))
    return out


def crawl(client, start: str, codes: set[str], limit: int = 150, per_shape: int = 2) -> Crawl:
    """Breadth-first from `start`; each page shape (path with ids blurred, query keys) is
    visited at most `per_shape` times, `limit` pages in all."""
    result, queue, seen, shapes = Crawl(), deque([start]), {start}, {}
    while queue and len(result.visited) < limit:
        url = queue.popleft()
        response = client.get(url, follow=True)
        result.visited.append(url)
        if response.status_code >= 500:
            result.findings.append(Finding(url, f"erreur {response.status_code}"))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode("utf-8", "replace")
        text, links = page_read(html)
        result.findings += text_check(url, text, codes)
        for href in links:
            target = _normal(href, url)
            if target is None or target in seen:
                continue
            seen.add(target)
            key = _key(target)
            if shapes.get(key, 0) >= per_shape:
                continue
            shapes[key] = shapes.get(key, 0) + 1
            queue.append(target)
    return result
