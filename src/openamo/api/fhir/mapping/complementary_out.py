"""The complementary insurer's part of an ExplanationOfBenefit: when the claim's statement in
force has a complementary statement, a second `insurance` (not focal, the AMC contract by its
identifier), on each item the `complementary` amount paid by the AMC, the `remainder` left to
the insured (reste à charge) and each ceiling that cut the complementary share (coded reason
with its French text), and the two totals. Base + complementary + remainder = charged."""

from decimal import Decimal

from openamo.complementary.selectors import statement_current

from .. import systems
from .common import concept, money

AMC_CONTRACT = f"{systems.BASE}/sid/amc-contract"
AMC_REASON = f"{systems.BASE}/CodeSystem/amc-reason"


def _entries(line) -> list[dict]:
    entries = [
        {
            "category": concept(systems.ADJUDICATION, "complementary", "Remboursé complémentaire"),
            "amount": money(line.complementary),
        },
        {
            "category": concept(systems.ADJUDICATION, "remainder", "Reste à charge"),
            "amount": money(line.remainder),
        },
    ]
    for cut in line.cuts:
        entries.append(
            {
                "category": concept(systems.ADJUDICATION, "amc-limit", "Limitation complémentaire"),
                "reason": concept(AMC_REASON, cut["code"], cut["message"]),
                "amount": money(Decimal(cut["amount"])),
            }
        )
    return entries


def eob_add_complementary(data: dict, claim, statement) -> dict:
    amc = statement_current(claim=claim)
    if amc is None or amc.base_statement_id != statement.pk:
        return data
    contract = amc.contract
    data["insurance"].append(
        {
            "focal": False,
            "coverage": {
                "identifier": {"system": AMC_CONTRACT, "value": contract.reference},
                "display": f"{contract.insurer.name} — {contract.label}",
            },
        }
    )
    by_number = {line.number: line for line in amc.lines.all()}
    for item in data["item"]:
        if (line := by_number.get(item["sequence"])) is not None:
            item["adjudication"].extend(_entries(line))
    data["total"] += [
        {
            "category": concept(systems.ADJUDICATION, "complementary", "Remboursé complémentaire"),
            "amount": money(amc.total_complementary),
        },
        {
            "category": concept(systems.ADJUDICATION, "remainder", "Reste à charge"),
            "amount": money(amc.total_remainder),
        },
    ]
    return data
