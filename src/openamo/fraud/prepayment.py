"""Pre-payment screening: the fraud rules on every adjudicated claim, before it is paid.

The claims app does not import fraud (it sits below it): `statements_write` builds a screening
through `settings.OPENAMO_PREPAYMENT_SCREEN`, which names `screening_open` below. A screening is
opened once per chunk of claims and loads, set-wise (three queries whatever the chunk's size),
the beneficiaries (sex, birth, death, family), their history (the accepted lines of their
already adjudicated claims, latest statement) and the medicines' molecules. Each claim is then
screened in id order against that history plus the claims of the chunk before it, exactly as
if the claims had been adjudicated one by one: the single-claim path and the batch agree.

A hit whose score reaches the rule's `hold_from_score` (a dated `ControlRuleSetting` row) holds
the claim's lines it names: they are not paid and the statement gives the insured the reason.
Every hit of a claim's line, held or not, becomes an `Alert` (deduplicated by its key).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import F
from django.db.models.functions import Coalesce

from openamo.claims.models import ClaimLine, ClaimStatus, StatementLine
from openamo.members.models import Beneficiary
from openamo.referentials.cache import referential_cached, stamp_read
from openamo.referentials.models import Medicine, Provider

from .context import hold_scores, rules_context
from .models import Alert
from .rules import RULES, Context, Hit, LineFact, rules_run

# phantom stays need what happens after the stay: only the after-payment scan looks for them
PREPAYMENT_RULES = tuple(name for name in RULES if name != "phantom_stay")
HISTORY_STATUSES = (ClaimStatus.ADJUDICATED, ClaimStatus.PAID, ClaimStatus.MEDICAL_REVIEW)
HISTORY_DAYS = "prepayment_history_days"  # control parameter; 120 days when absent
DETECTOR = "prepayment"


@dataclass(frozen=True)
class Person:
    family_id: int
    sex: str
    birth_date: date
    death_date: date | None


@dataclass
class Screening:
    ctx: Context
    holds: dict[str, float]
    people: dict[int, Person]
    history: dict[int, list[LineFact]]
    molecules: dict[str, str]
    window: timedelta
    prescribed_on: dict[int, date]
    found: list[tuple[int, Hit, bool]] = field(default_factory=list)

    def screen(self, claim_id: int, claim, line_ids: dict[int, int], result) -> dict[int, str]:
        """The line numbers of this claim to hold, each with the hit's French explanation."""
        person = self.people.get(claim.beneficiary_id)
        if person is None:
            return {}
        facts = {
            line_ids[source.number]: self._fact(
                line_ids[source.number], claim_id, claim.beneficiary_id, person, source, out
            )
            for source, out in zip(claim.lines, result.lines, strict=True)
            if out.accepted and source.review is None  # a reviewer's decision is final
        }
        if not facts:
            return {}
        since = min(x.care_date for x in facts.values()) - self.window
        past = [x for x in self.history[claim.beneficiary_id] if x.care_date >= since]
        numbers = {line_id: number for number, line_id in line_ids.items()}
        held: dict[int, str] = {}
        for hit in rules_run(past + list(facts.values()), self.ctx, PREPAYMENT_RULES):
            mine = [lid for lid in hit.line_ids if lid in facts]
            if not mine:
                continue
            hold = self.holds.get(hit.rule)
            holding = hold is not None and hit.score >= hold
            if holding:
                for lid in mine:
                    held.setdefault(numbers[lid], hit.explanation)
            self.found.append((claim_id, hit, holding))
        self.history[claim.beneficiary_id].extend(
            x for lid, x in facts.items() if numbers[lid] not in held
        )
        return held

    def _fact(self, line_id, claim_id, beneficiary_id, person: Person, source, out) -> LineFact:
        return LineFact(
            line_id=line_id,
            claim_id=claim_id,
            beneficiary_id=beneficiary_id,
            family_id=person.family_id,
            sex=person.sex,
            birth_date=person.birth_date,
            death_date=person.death_date,
            kind=source.kind,
            code=source.code,
            care_date=source.care_date,
            executor=source.executor_inpe,
            prescriber=source.prescriber_inpe or "",
            coefficient=source.coefficient,
            quantity=source.quantity,
            amount=out.reimbursed,
            prescription_date=self.prescribed_on.get(line_id),
            molecule=self.molecules.get(source.code, ""),
            authorization_ref=source.authorization_ref or "",
        )

    def finish(self, *, now: datetime) -> int:
        """Write the alerts of the hits found (an existing key is left as it is)."""
        return alerts_write(self.found, now=now)


def screening_open(
    *, claim_ids: list[int], beneficiary_ids: list[int], day: date, stamp: str | None = None
) -> Screening:
    """`stamp`: the referential version the caller has just read, if any."""
    token = stamp or stamp_read()  # the control referentials, once per version in this process
    ctx = referential_cached(("fraud.rules_context", day), lambda: rules_context(day), token)
    holds = referential_cached(("fraud.hold_scores", day), lambda: hold_scores(day), token)
    people = people_load(beneficiary_ids)
    chunk = list(
        ClaimLine.objects.filter(claim_id__any=claim_ids).values_list(
            "id", "code", "prescription_date"
        )
    )
    history, codes = history_load(
        beneficiary_ids,
        excluding=claim_ids,
        people=people,
        codes={c for _, c, _ in chunk},
        known=referential_cached("fraud.molecules", molecules_load, token),
    )
    return Screening(
        ctx=ctx,
        holds=holds,
        people=people,
        history=history,
        molecules=codes,
        window=timedelta(days=int(ctx.threshold(HISTORY_DAYS, 120))),
        prescribed_on={pk: on for pk, _, on in chunk if on is not None},
    )


def people_load(beneficiary_ids: list[int]) -> dict[int, Person]:
    rows = (
        Beneficiary.objects.filter(id__any=beneficiary_ids)
        .annotate(sex_of=Coalesce(F("dependent__sex"), F("member__sex")))
        .values_list("id", "member_id", "sex_of", "birth_date", "deceased_on")
    )
    return {pk: Person(member, sex or "", born, died) for pk, member, sex, born, died in rows}


def molecules_load(eans=None) -> dict[str, str]:
    """The molecule (generic group, else INN) of these medicines (all when None), by EAN-13."""
    rows = Medicine.objects.all() if eans is None else Medicine.objects.filter(ean13__in=eans)
    return {
        ean: group or inn for ean, group, inn in rows.values_list("ean13", "generic_group", "inn")
    }


def history_load(
    beneficiary_ids, *, excluding, people, codes=(), known: dict[str, str] | None = None
) -> tuple[dict, dict[str, str]]:
    """The accepted lines of these beneficiaries' adjudicated claims (latest statement), and
    the molecule (generic group, else INN) of the medicines among them and `codes` (two
    queries; one when the molecules of every medicine are `known`)."""
    rows = list(
        StatementLine.objects.filter(
            statement__claim__beneficiary_id__any=beneficiary_ids,
            statement__claim__status__in=HISTORY_STATUSES,
            rejection_code="",
        )
        .exclude(statement__claim_id__any=list(excluding))
        .values_list(
            "statement__claim_id",
            "statement__version",
            "statement__claim__beneficiary_id",
            "claim_line_id",
            "claim_line__kind",
            "claim_line__code",
            "claim_line__care_date",
            "claim_line__executor_inpe",
            "claim_line__prescriber_inpe",
            "claim_line__coefficient",
            "claim_line__quantity",
            "reimbursed",
            "claim_line__prescription_date",
            "claim_line__authorization_ref",
        )
    )
    wanted = set(codes) | {row[5] for row in rows}
    if known is None:
        molecules = molecules_load(wanted)
    else:
        molecules = {code: known[code] for code in wanted if code in known}
    latest: dict[int, int] = {}
    kept = []
    for row in rows:
        latest[row[0]] = max(row[1], latest.get(row[0], 0))
        kept.append(row)
    history: dict[int, list[LineFact]] = defaultdict(list)
    for claim_id, version, bid, lid, kind, code, day, executor, *rest in kept:
        if version != latest[claim_id] or bid not in people:
            continue
        prescriber, coefficient, quantity, amount, prescribed_on, auth = rest
        p = people[bid]
        history[bid].append(
            LineFact(
                lid,
                claim_id,
                bid,
                p.family_id,
                p.sex,
                p.birth_date,
                kind,
                code,
                day,
                executor,
                prescriber,
                coefficient,
                quantity,
                amount,
                prescribed_on,
                p.death_date,
                molecules.get(code, ""),
                auth,
            )  # fmt: skip
        )
    for bid in history:
        history[bid].sort(key=lambda x: (x.claim_id, x.line_id))
    return history, molecules


def alerts_write(found: list[tuple[int, Hit, bool]], *, now: datetime) -> int:
    if not found:
        return 0
    inpes = {hit.provider for _, hit, _ in found if hit.provider}
    providers = dict(Provider.objects.filter(inpe__in=inpes).values_list("inpe", "id"))
    alerts = {}
    for claim_id, hit, held in found:
        key = f"{DETECTOR}:{claim_id}:{hit.key or hit.rule}"[:200]
        alerts[key] = Alert(
            detector=DETECTOR,
            reason_code=hit.reason,
            explanation=hit.explanation + (" Ligne suspendue avant paiement." if held else ""),
            evidence={
                **_plain(hit.evidence),
                "rule": hit.rule,
                "held": held,
                "lines": list(hit.line_ids),
            },  # fmt: skip
            score=hit.score,
            amount_at_stake=Decimal(hit.amount),
            beneficiary_id=hit.beneficiary_id,
            provider_id=providers.get(hit.provider),
            claim_id=claim_id,
            dedup_key=key,
            created_at=now,
        )
    Alert.objects.bulk_create(list(alerts.values()), ignore_conflicts=True)
    return len(alerts)


def _plain(evidence: dict) -> dict:
    return {
        k: v if isinstance(v, int | float | str | bool | None) else str(v)
        for k, v in evidence.items()
    }
