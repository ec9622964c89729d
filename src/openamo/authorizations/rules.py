"""The instant decision on a prior-authorisation request. Pure: no Django, no I/O.

The facts of a request (its documents against the nomenclature of its type, the beneficiary's
rights over the planned dates, the provider's direct-billing agreement, the acts valued by the
claims engine) give a decision: approve at once, answer with the missing documents, refuse
below a direct-billing threshold, or send to a queue (the regional delegation for an
administrative question, a medical reviewer for a medical one). Each outcome names the rule
that took it, with a coded reason and a French sentence.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from openamo.claims import engine
from openamo.core.money import ZERO, money

APPROVE, INCOMPLETE, QUEUE, REFUSE = "approve", "incomplete", "queue", "refuse"
DELEGATION, MEDICAL = "delegation", "medical"


class Rule(StrEnum):
    DOCUMENTS_MISSING = "documents_missing"
    BIOLOGY_BELOW_THRESHOLD = "biology_below_threshold"
    PUBLIC_HOSPITAL_BELOW_THRESHOLD = "public_hospital_below_threshold"
    PROVIDER_NOT_AGREED = "provider_not_agreed"
    RIGHTS_NOT_OPEN = "rights_not_open"
    ACTS_NOT_VALUED = "acts_not_valued"
    MEDICAL_REVIEW = "medical_review_required"
    INSTANT_APPROVAL = "instant_approval"
    DEADLINE_MISSED = "deadline_missed"


LABELS = {
    Rule.DOCUMENTS_MISSING: "Demande incomplète : pièces obligatoires manquantes",
    Rule.BIOLOGY_BELOW_THRESHOLD: "Biologie sous le seuil du tiers payant",
    Rule.PUBLIC_HOSPITAL_BELOW_THRESHOLD: "Soins en hôpital public sous le seuil du tiers payant",
    Rule.PROVIDER_NOT_AGREED: "Prestataire non conventionné en tiers payant pour ces soins",
    Rule.RIGHTS_NOT_OPEN: "Droits non ouverts sur toute la période prévue",
    Rule.ACTS_NOT_VALUED: "Actes non valorisables au tarif de référence",
    Rule.MEDICAL_REVIEW: "Type de prise en charge soumis à l'avis du médecin contrôleur",
    Rule.INSTANT_APPROVAL: "Accord immédiat : demande complète, droits ouverts, type à accord instantané",
    Rule.DEADLINE_MISSED: "Délai de décision dépassé : demande escaladée",
}


@dataclass(frozen=True)
class RequiredDoc:
    code: str
    label: str
    mandatory: bool = True


@dataclass(frozen=True)
class ActIn:
    kind: str  # act | forfait | device | medicine
    code: str
    coefficient: Decimal = Decimal(1)
    quantity: Decimal = Decimal(1)
    charged: Decimal | None = None


@dataclass(frozen=True)
class Valuation:
    """The requested acts as the claims engine values them on the first planned day."""

    act_value: Decimal
    charged: Decimal
    covered: Decimal  # the fund's share
    copayment: Decimal  # ticket modérateur: base − covered
    remaining: Decimal  # left to the insured: charged − covered
    exemption: str | None  # the ALD/ALC code whose exemption was applied
    problems: tuple[str, ...] = ()  # engine rejections other than rights, as sentences


@dataclass(frozen=True)
class RequestFacts:
    care_category: str
    auto_approvable: bool
    planned_start: date
    planned_end: date
    required: tuple[RequiredDoc, ...]
    provided: frozenset[str]
    asked: frozenset[str]  # codes asked by a reviewer and not received yet
    coverage: engine.Coverage
    valuation: Valuation
    provider_agreed: bool
    ald_code: str | None = None
    biology_b: Decimal | None = None  # total B coefficient of the biology acts
    biology_min_b: Decimal | None = None
    public_hospital: bool = False
    public_hospital_min: Decimal | None = None


@dataclass(frozen=True)
class Decision:
    outcome: str  # approve | incomplete | queue | refuse
    rule: Rule
    message: str
    queue: str = ""
    missing: tuple[RequiredDoc, ...] = ()


def _decision(outcome: str, rule: Rule, detail: str = "", **kw) -> Decision:
    return Decision(outcome, rule, LABELS[rule] + (f" : {detail}" if detail else ""), **kw)


def _dh(amount: Decimal) -> str:
    return f"{money(amount):.2f}".replace(".", ",") + " DH"


def outside_nomenclature(required: tuple[RequiredDoc, ...], codes) -> list[str]:
    """The document codes that are not in the nomenclature of the request's type."""
    allowed = {doc.code for doc in required}
    return sorted({code for code in codes if code not in allowed})


def missing_documents(
    required: tuple[RequiredDoc, ...], provided: frozenset[str], asked: frozenset[str]
) -> tuple[RequiredDoc, ...]:
    """Mandatory documents not provided, then documents a reviewer asked for, in list order."""
    return tuple(
        doc for doc in required if doc.code not in provided and (doc.mandatory or doc.code in asked)
    )


def first_day_without_rights(
    coverage: engine.Coverage, start: date, end: date, ald_code: str | None
) -> date | None:
    day = start
    while day <= end:
        if not coverage.has_rights(day, ald_code):
            return day
        day += timedelta(days=1)
    return None


def decide(facts: RequestFacts) -> Decision:
    """The first rule that applies, in order."""
    missing = missing_documents(facts.required, facts.provided, facts.asked)
    if missing:
        detail = ", ".join(doc.label for doc in missing)
        return _decision(INCOMPLETE, Rule.DOCUMENTS_MISSING, detail, missing=missing)
    if (
        facts.care_category == "biology"
        and facts.biology_min_b is not None
        and (facts.biology_b or ZERO) < facts.biology_min_b
    ):
        detail = f"B {facts.biology_b or 0:f} demandé, seuil B {facts.biology_min_b.normalize():f}"
        return _decision(REFUSE, Rule.BIOLOGY_BELOW_THRESHOLD, detail)
    if (
        facts.public_hospital
        and facts.public_hospital_min is not None
        and facts.valuation.charged < facts.public_hospital_min
    ):
        detail = f"{_dh(facts.valuation.charged)}, seuil {_dh(facts.public_hospital_min)}"
        return _decision(REFUSE, Rule.PUBLIC_HOSPITAL_BELOW_THRESHOLD, detail)
    if not facts.provider_agreed:
        return _decision(QUEUE, Rule.PROVIDER_NOT_AGREED, queue=DELEGATION)
    gap = first_day_without_rights(
        facts.coverage, facts.planned_start, facts.planned_end, facts.ald_code
    )
    if gap is not None:
        return _decision(QUEUE, Rule.RIGHTS_NOT_OPEN, f"le {gap:%d/%m/%Y}", queue=DELEGATION)
    if facts.valuation.problems:
        detail = "; ".join(facts.valuation.problems)
        return _decision(QUEUE, Rule.ACTS_NOT_VALUED, detail, queue=DELEGATION)
    if not facts.auto_approvable:
        return _decision(QUEUE, Rule.MEDICAL_REVIEW, queue=MEDICAL)
    return _decision(APPROVE, Rule.INSTANT_APPROVAL)


# ---- valuation with the claims engine --------------------------------------------------------


def valuation_claim(
    *,
    reference: str,
    beneficiary_id: int,
    scheme: str,
    provider_inpe: str,
    day: date,
    acts: tuple[ActIn, ...],
    ald_code: str | None,
) -> engine.Claim:
    """The requested acts as a claim dated on the first planned day, deposited that day and
    carrying the request's own reference (so items needing approval are valued)."""
    lines = tuple(
        engine.Line(
            number=n,
            kind=act.kind,
            code=act.code,
            care_date=day,
            executor_inpe=provider_inpe,
            coefficient=act.coefficient,
            quantity=act.quantity,
            charged=act.charged,
            ald_code=ald_code,
            authorization_ref=reference,
        )
        for n, act in enumerate(acts, 1)
    )
    return engine.Claim(reference, beneficiary_id, scheme, day, lines)


def valuation_context(
    *,
    tariffs,
    coverage: engine.Coverage,
    provider_inpe: str,
    sector: str,
    claim: engine.Claim,
    start: date,
    end: date,
    establishment: str = "",
) -> engine.Context:
    return engine.Context(
        tariffs=tariffs,
        coverage=coverage,
        providers={provider_inpe: engine.ProviderFacts(sector, establishment=establishment)},
        authorizations={
            claim.reference: engine.Authorization(claim.beneficiary_id, engine.Period(start, end))
        },
    )


def valuation_of(statement: engine.Statement, ald_code: str | None = None) -> Valuation:
    charged = statement.total("charged")
    covered = statement.total("reimbursed")
    problems = tuple(
        f"ligne {line.number} ({line.code}) : {line.rejection.message}"
        for line in statement.lines
        if line.rejection is not None and line.rejection.code != "no_rights"
    )
    exempted = any(line.ald_applied for line in statement.lines)
    return Valuation(
        act_value=statement.total("act_value"),
        charged=charged,
        covered=covered,
        copayment=statement.total("copayment"),
        remaining=charged - covered,
        exemption=ald_code if exempted else None,
        problems=problems,
    )
