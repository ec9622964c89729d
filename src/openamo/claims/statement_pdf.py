"""The statement (décompte) as a page and as a PDF: one context, two templates.

The PDF is rendered by WeasyPrint from a template whose stylesheet is inlined and whose fonts
are the machine's (fontconfig); the URL fetcher refuses every URL, so no remote (or local)
asset can be pulled into a statement.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext

from .models import Claim, Statement
from .reasons import LABELS, Reason


@dataclass(frozen=True)
class Justification:
    code: str
    label: str  # the reason's French sentence
    message: str  # the sentence with its details
    amount: Decimal | None  # what a deduction removed (None for a rejection)
    rejection: bool

    @property
    def detail(self) -> str:
        """The details after the French sentence ("PBR 12,00 DH au lieu du PPV..."), if any."""
        sentence = LABELS.get(self.code, "")
        if sentence and self.message.startswith(sentence):
            return self.message[len(sentence) :].lstrip(" :")
        return "" if sentence else self.message


def _label(code: str) -> str:
    """The reason's sentence in the active language (the French sentences of `reasons.LABELS`
    are the catalogue's message ids; the pure engine stores them in French)."""
    try:
        return gettext(LABELS[Reason(code)])
    except ValueError:
        return gettext("Motif non répertorié")


def justifications(line) -> list[Justification]:
    """Every deduction and the rejection of a statement line, in order."""
    found = [
        Justification(d["code"], _label(d["code"]), d["message"], Decimal(d["amount"]), False)
        for d in line.deductions or []
    ]
    if line.rejection_code:
        found.append(
            Justification(
                line.rejection_code,
                _label(line.rejection_code),
                line.rejection_message,
                None,
                True,
            )
        )
    return found


def statement_context(*, claim: Claim, statement: Statement) -> dict:
    lines = list(statement.lines.all())
    beneficiary = claim.beneficiary
    return {
        "claim": claim,
        "statement": statement,
        "rows": [(line, justifications(line)) for line in lines],
        "beneficiary": beneficiary,
        "member": beneficiary.member,
        "scheme": claim.scheme,
        "printed_at": timezone.localtime(),
        "claim_rejection": (
            Justification(
                statement.rejection_code,
                _label(statement.rejection_code),
                statement.rejection_message,
                None,
                True,
            )
            if statement.rejection_code
            else None
        ),
    }


def _no_fetching():
    from weasyprint.urls import URLFetcher, URLFetchingError

    class NoFetching(URLFetcher):
        def fetch(self, url, headers=None):
            raise URLFetchingError(f"ressource externe refusée dans un décompte : {url}")

    return NoFetching()


def statement_pdf(*, claim: Claim, statement: Statement) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "claims/statement_pdf.html", statement_context(claim=claim, statement=statement)
    )
    return HTML(string=html, url_fetcher=_no_fetching()).write_pdf()


def statement_filename(statement: Statement) -> str:
    return f"decompte-{statement.claim.reference}-v{statement.version}.pdf"
