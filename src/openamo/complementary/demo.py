"""The demo's complementary cover: each mutuelle's cover (DOMAIN.md shares: medicines 16 %,
other care 20 % of the base, with yearly ceilings on optics and dental care) on every member
of a mutuelle and their dependents, one private group contract placed by the demo broker for one
of its clients, the complementary batch over the demo's year, its payments, a single-window
recourse statement waiting for its reconciliation and advances waiting for their base
statements. Set-wise and idempotent (a second run adds nothing)."""

from datetime import date
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from openamo.core.money import ZERO, format_dh
from openamo.referentials.choices import CareCategory

from .batch import complementary_batch
from .models import Contract, ContractKind, Enrolment, Flow, Guarantee, Insurer, Movement

START = date(2000, 1, 1)
FLOWS = {"omfam": Flow.BASE_FLOW, "mgen": Flow.SINGLE_WINDOW}  # the others: the remainder
PRIVATE = {"code": "alamane", "name": "Al Amane Assurances Santé (fictive)", "kind": "private"}
CEILINGS = {  # care category → (person, family) yearly ceilings
    CareCategory.OPTICS: (Decimal("1200"), None),
    CareCategory.DENTAL: (None, Decimal("3000")),
}


def _guarantees(contract: Contract, medicine: str, other: str) -> None:
    if contract.guarantees.exists():
        return
    rows = []
    for category in CareCategory:
        person, family = CEILINGS.get(category, (None, None))
        rows.append(
            Guarantee(
                contract=contract,
                care_category=category,
                basis="percent_base",
                rate=Decimal(medicine if category == CareCategory.MEDICINE else other),
                person_year_ceiling=person,
                family_year_ceiling=family,
                valid_from=START,
            )
        )
    Guarantee.objects.bulk_create(rows)


def _mutuelle_contracts() -> dict[int, Contract]:
    from openamo.members.models import Mutuelle

    contracts = {}
    for mutuelle in Mutuelle.objects.all():
        insurer, _ = Insurer.objects.get_or_create(
            code=mutuelle.code,
            defaults={"name": mutuelle.name, "kind": "mutuelle", "mutuelle": mutuelle},
        )
        contract, _ = Contract.objects.get_or_create(
            reference=f"AMC-{mutuelle.code.upper()}",
            defaults={
                "insurer": insurer,
                "kind": "mutuelle",
                "label": f"Couverture complémentaire {mutuelle.name}",
                "flow": FLOWS.get(mutuelle.code, Flow.REMAINDER),
                "starts_on": START,
            },
        )
        _guarantees(contract, "16", "20")
        contracts[mutuelle.pk] = contract
    return contracts


def _group_contract(today: date) -> Contract | None:
    from openamo.members.models import BrokerMandate
    from openamo.synth.portfolio import broker_demo_reset

    broker = broker_demo_reset()
    mandate = (
        BrokerMandate.objects.in_force_on(today)
        .filter(broker=broker)
        .select_related("employer")
        .order_by("employer__name")
        .first()
    )
    if mandate is None:
        return None
    insurer, _ = Insurer.objects.get_or_create(code=PRIVATE["code"], defaults=PRIVATE)
    contract, _ = Contract.objects.get_or_create(
        reference="GRP-ALAMANE-2024-001",
        defaults={
            "insurer": insurer,
            "kind": ContractKind.GROUP,
            "label": f"Frais de santé collectif — {mandate.employer.name}",
            "policyholder": mandate.employer,
            "broker": broker,
            "flow": Flow.ANTICIPATION,
            "starts_on": date(today.year - 1, 1, 1),
        },
    )
    _guarantees(contract, "20", "30")
    return contract


def _enrol(contracts: dict[int, Contract], group: Contract | None) -> int:
    from openamo.members.models import Beneficiary

    enrolled = set(Enrolment.objects.values_list("beneficiary_id", flat=True))
    rows = []
    beneficiaries = Beneficiary.objects.values_list(
        "pk", "member__mutuelle_id", "member__employer_id", "member__registered_on"
    )
    for pk, mutuelle_id, employer_id, registered_on in beneficiaries:
        if pk in enrolled:
            continue
        if group is not None and employer_id == group.policyholder_id:
            rows.append(Enrolment(contract=group, beneficiary_id=pk, valid_from=group.starts_on))
        elif mutuelle_id in contracts:
            since = max(registered_on or START, START)
            rows.append(
                Enrolment(contract=contracts[mutuelle_id], beneficiary_id=pk, valid_from=since)
            )
    Enrolment.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _payments(now) -> int:
    """The remainder and base-flow contracts pay every statement of the batch (set-wise)."""
    from .models import ComplementaryStatement

    settled = Movement.objects.filter(kind="payment").values("claim_id")
    rows = (
        ComplementaryStatement.objects.filter(
            superseded=False,
            total_complementary__gt=0,
            contract__flow__in=[Flow.REMAINDER, Flow.BASE_FLOW],
        )
        .exclude(claim_id__in=settled)
        .values(
            "pk",
            "claim_id",
            "contract_id",
            "contract__flow",
            "total_complementary",
            member=F("claim__beneficiary__member_id"),
        )
    )
    movements = [
        Movement(
            contract_id=r["contract_id"],
            claim_id=r["claim_id"],
            member_id=r["member"],
            flow=r["contract__flow"],
            kind="payment",
            amount=r["total_complementary"],
            statement_id=r["pk"],
            created_at=now,
        )
        for r in rows
    ]
    Movement.objects.bulk_create(movements, batch_size=5000)
    return len(movements)


def _waiting_work(group: Contract | None, today: date) -> tuple[int, int]:
    """A single-window recourse statement to reconcile; advances on files still in progress."""
    from openamo.claims.models import Claim

    from .flows import advance_pay, recourse_issue

    recourses = 0
    for insurer in Insurer.objects.filter(contracts__flow=Flow.SINGLE_WINDOW).distinct():
        if recourse_issue(insurer=insurer, start=date(today.year, 1, 1), end=today):
            recourses += 1
    advances = 0
    if group is not None:
        waiting = Claim.objects.filter(
            beneficiary__complementary_enrolments__contract=group, statements__isnull=True
        ).exclude(pk__in=Movement.objects.values("claim_id"))
        for claim in waiting.prefetch_related("lines")[:5]:
            charged = sum((x.charged or ZERO for x in claim.lines.all()), ZERO)
            amount = (charged * Decimal("0.20")).quantize(Decimal("0.01"))
            if amount > 0:
                advance_pay(claim=claim, contract=group, amount=amount)
                advances += 1
    return recourses, advances


def complementary_demo(*, today: date, write=print) -> None:
    contracts = _mutuelle_contracts()
    group = _group_contract(today)
    enrolled = _enrol(contracts, group)
    done = complementary_batch()
    paid = _payments(timezone.now())
    recourses, advances = _waiting_work(group, today)
    write(
        f"  {len(contracts)} couvertures mutualistes, {'1' if group else '0'} contrat groupe, "
        f"{enrolled} adhésions ; {done.statements} décomptes complémentaires "
        f"({done.lines} lignes, {format_dh(done.complementary)}) ; {paid} règlements, "
        f"{recourses} relevé(s) de recours, {advances} avance(s)"
    )
