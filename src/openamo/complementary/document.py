"""The complementary statement as a page and as a PDF: one context, two templates. The PDF is
made as the base statement's (WeasyPrint, no URL fetched)."""

from django.template.loader import render_to_string
from django.utils import timezone

from openamo.claims.statement_pdf import _no_fetching

from .models import ComplementaryStatement


def statement_context(*, statement: ComplementaryStatement) -> dict:
    claim = statement.claim
    beneficiary = claim.beneficiary
    return {
        "claim": claim,
        "amc": statement,
        "contract": statement.contract,
        "insurer": statement.contract.insurer,
        "base": statement.base_statement,
        "lines": list(statement.lines.all()),
        "beneficiary": beneficiary,
        "member": beneficiary.member,
        "scheme": claim.scheme,
        "printed_at": timezone.localtime(),
    }


def statement_pdf(*, statement: ComplementaryStatement) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "complementary/statement_pdf.html", statement_context(statement=statement)
    )
    return HTML(string=html, url_fetcher=_no_fetching()).write_pdf()


def statement_filename(statement: ComplementaryStatement) -> str:
    return f"decompte-complementaire-{statement.claim.reference}.pdf"
