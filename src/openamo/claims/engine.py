"""The adjudication engine (liquidation): a claim, the beneficiary's coverage and the tariffs in
force give a statement, line by line. Pure: no Django, no I/O, Decimal only.

For each line: the quotation, the value of the act at the reference tariff, the amount charged,
the reimbursement base, the rate, the amount reimbursed, the co-payment (base − reimbursed),
what lies beyond the base, and every deduction or rejection with its coded reason and a French
sentence. Rules:
- acts: base = min(charged, letter-key value × coefficient × quantity) at the TNR in force on
  the date of care for the executor's sector (else the all-sector value);
- medicines: base = PBR of the generic when the medicine has one, else PPV, × boxes (boxes
  beyond the prescription are deducted);
- devices and optics: base = min(price paid, forfait × quantity);
- forfaits (hospital days, sessions, surgical forfaits): base = min(charged, forfait × quantity),
  the forfait's amount being the one for the executing establishment's kind (private clinic,
  CHU or military hospital, other public hospital) when the tariff distinguishes them; a forfait
  reserved to other kinds of establishment is rejected (`not_billable_by_establishment`);
- rate: the scheme's rate for the care category and the executor's sector, or the ALD rate when
  the line is linked to a condition the beneficiary is exempted for on the date of care;
- a claim deposited more than the deposit delay after its reference date is rejected whole;
- a medical reviewer's decision on a line (`Line.review`) applies last, to a line that passed
  every check: it rejects the line, or lowers its base (never raises it), each time with the
  reason `reviewer_adjustment` and the reviewer's justification.
"""

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from openamo.core.money import ZERO, apply_rate, money, multiply

from .reasons import LABELS, Reason
from .tariffs import ESTABLISHMENT_LABELS, Item, Tariffs

ACT, MEDICINE, DEVICE, FORFAIT = "act", "medicine", "device", "forfait"
MEDICINE_CATEGORY = "medicine"
DEPOSIT_DELAY = "deposit_delay_days"
ALD_RATE = "ald_rate"


@dataclass(frozen=True)
class Review:
    """A medical reviewer's decision on a line: reject it, or hold its base to `base`."""

    justification: str
    rejected: bool = False
    base: Decimal | None = None


@dataclass(frozen=True)
class Line:
    number: int
    kind: str  # act | medicine | device | forfait
    code: str  # letter key, EAN-13, device code or forfait code
    care_date: date
    executor_inpe: str
    coefficient: Decimal = Decimal(1)  # K 50 → 50
    quantity: Decimal = Decimal(1)  # times, boxes, days, sessions, items
    charged: Decimal | None = None  # what the provider charged for the line
    prescriber_inpe: str | None = None
    prescribed_quantity: Decimal | None = None
    ald_code: str | None = None
    authorization_ref: str | None = None
    review: Review | None = None  # the latest medical review of the line, if any


@dataclass(frozen=True)
class Claim:
    reference: str
    beneficiary_id: int
    scheme: str
    deposit_date: date
    lines: tuple[Line, ...]
    continuous_treatment: bool = False  # the delay runs from the end of the treatment


@dataclass(frozen=True)
class Period:
    start: date
    end: date | None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Coverage:
    """The beneficiary's rights: periods of open (or maintained) rights, ALD exemptions
    (condition code → period), periods where only exempted ALD care continues (the employer
    stopped paying), and suspensions, which win over everything."""

    rights: tuple[Period, ...] = ()
    exemptions: tuple[tuple[str, Period], ...] = ()
    ald_only: tuple[Period, ...] = ()
    suspended: tuple[Period, ...] = ()

    def exempted(self, ald_code: str | None, day: date) -> bool:
        if ald_code is None:
            return False
        for code, p in self.exemptions:
            if code == ald_code and p.start <= day and (p.end is None or day <= p.end):
                return True
        return False

    def has_rights(self, day: date, ald_code: str | None = None) -> bool:
        # plain loops: this runs for every line of every claim in the batch
        for p in self.suspended:
            if p.start <= day and (p.end is None or day <= p.end):
                return False
        for p in self.rights:
            if p.start <= day and (p.end is None or day <= p.end):
                return True
        return self.exempted(ald_code, day) and any(p.covers(day) for p in self.ald_only)


@dataclass(frozen=True)
class ProviderFacts:
    sector: str
    active: bool = True
    establishment: str = ""  # private | chu_military | public_hospital ("" : not priced by kind)


@dataclass(frozen=True)
class Authorization:
    beneficiary_id: int
    period: Period
    codes: frozenset[str] = frozenset()  # empty: any code


@dataclass(frozen=True)
class Context:
    """What the engine needs beyond the claim, loaded set-wise by the caller."""

    tariffs: Tariffs
    coverage: Coverage
    providers: dict[str, ProviderFacts]
    paid: frozenset[tuple] = frozenset()  # duplicate_key() of lines already reimbursed
    authorizations: dict[str, Authorization] = field(default_factory=dict)


@dataclass(frozen=True)
class Adjustment:
    code: Reason
    amount: Decimal  # what the deduction removes from the base (0 for a rejection)
    message: str


@dataclass(frozen=True)
class StatementLine:
    number: int
    kind: str
    code: str
    label: str
    quotation: str
    care_date: date
    care_category: str
    sector: str
    quantity: Decimal
    unit_value: Decimal
    act_value: Decimal  # at the reference tariff (TNR, PPV, forfait)
    charged: Decimal
    base: Decimal
    rate: Decimal
    reimbursed: Decimal
    copayment: Decimal  # ticket modérateur: base − reimbursed
    beyond_base: Decimal  # charged − base, left to the insured
    ald_applied: bool
    deductions: tuple[Adjustment, ...] = ()
    rejection: Adjustment | None = None

    @property
    def accepted(self) -> bool:
        return self.rejection is None


@dataclass(frozen=True)
class Statement:
    claim_reference: str
    lines: tuple[StatementLine, ...]
    rejection: Adjustment | None = None  # a rejection of the whole claim

    @property
    def outcome(self) -> str:
        accepted = sum(1 for line in self.lines if line.accepted)
        if accepted == 0:
            return "rejected"
        return "accepted" if accepted == len(self.lines) else "partly_accepted"

    def total(self, attribute: str) -> Decimal:
        return sum((getattr(line, attribute) for line in self.lines), ZERO)


def duplicate_key(beneficiary_id: int, line: Line) -> tuple:
    return (beneficiary_id, line.kind, line.code, line.executor_inpe, line.care_date)


def _adjust(code: Reason, amount: Decimal = ZERO, detail: str = "") -> Adjustment:
    message = LABELS[code] + (f" : {detail}" if detail else "")
    return Adjustment(code, money(amount), message)


def _dh(amount: Decimal) -> str:
    return f"{money(amount):.2f}".replace(".", ",") + " DH"


@dataclass
class _Valued:
    """The tariff side of a line, before rights and rates."""

    label: str
    category: str
    quotation: str
    unit_value: Decimal
    act_value: Decimal
    charged: Decimal
    base: Decimal
    deductions: list[Adjustment]
    needs_authorization: bool = False


def _value_priced(line: Line, item: Item, unit: Decimal, capped_by: Reason) -> _Valued:
    """Acts and forfaits: base = min(charged, unit × coefficient × quantity)."""
    act_value = multiply(unit, line.coefficient * line.quantity)
    charged = act_value if line.charged is None else money(line.charged)
    base, deductions = act_value, []
    if charged > act_value:
        deductions.append(
            _adjust(
                capped_by, charged - act_value, f"{_dh(charged)} facturés, tarif {_dh(act_value)}"
            )
        )
    elif charged < act_value:
        base = charged
    quotation = f"{line.code} {line.coefficient.normalize():f}" if line.kind == ACT else line.code
    return _Valued(
        item.label,
        item.care_category,
        quotation,
        money(unit),
        act_value,
        charged,
        base,
        deductions,
        item.needs_authorization,
    )


def _value(
    line: Line, tariffs: Tariffs, sector: str, establishment: str = ""
) -> _Valued | Adjustment:
    if line.kind == ACT:
        item = tariffs.letter_keys.get(line.code)
        unit = tariffs.letter_key_values.on_sector(line.code, sector, line.care_date)
        if item is None:
            return _adjust(Reason.UNKNOWN_CODE, detail=f"lettre clé {line.code}")
        if unit is None:
            return _adjust(Reason.NO_TARIFF, detail=f"{line.code} le {line.care_date:%d/%m/%Y}")
        return _value_priced(line, item, unit, Reason.ABOVE_TARIFF)
    if line.kind == FORFAIT:
        item = tariffs.forfaits.get(line.code)
        unit = tariffs.forfait_value(line.code, sector, establishment, line.care_date)
        if item is None:
            return _adjust(Reason.UNKNOWN_CODE, detail=f"forfait {line.code}")
        if unit is None:
            return _not_priced(line, tariffs, sector)
        return _value_priced(line, item, unit, Reason.ABOVE_TARIFF)
    if line.kind == MEDICINE:
        return _value_medicine(line, tariffs)
    if line.kind == DEVICE:
        return _value_device(line, tariffs)
    return _adjust(Reason.UNKNOWN_CODE, detail=f"type de ligne {line.kind}")


def _not_priced(line: Line, tariffs: Tariffs, sector: str) -> Adjustment:
    """No amount for this line: reserved to other kinds of establishment, or no tariff."""
    kinds = tariffs.forfait_establishments(line.code, sector, line.care_date)
    if kinds:
        allowed = ", ".join(ESTABLISHMENT_LABELS[k] for k in kinds)
        return _adjust(
            Reason.NOT_BILLABLE_BY_ESTABLISHMENT, detail=f"{line.code} réservé à : {allowed}"
        )
    return _adjust(Reason.NO_TARIFF, detail=f"{line.code} le {line.care_date:%d/%m/%Y}")


def _value_medicine(line: Line, tariffs: Tariffs) -> _Valued | Adjustment:
    label = tariffs.medicines.get(line.code)
    if label is None:
        return _adjust(Reason.UNKNOWN_CODE, detail=f"EAN-13 {line.code}")
    price = tariffs.medicine_prices.on(line.code, line.care_date)
    if price is None:
        return _adjust(Reason.NO_TARIFF, detail=f"{label} le {line.care_date:%d/%m/%Y}")
    if not price.reimbursable:
        return _adjust(Reason.NOT_REIMBURSABLE, detail=label)
    deductions = []
    boxes = line.quantity
    if line.prescribed_quantity is not None and boxes > line.prescribed_quantity:
        extra = boxes - line.prescribed_quantity
        boxes = line.prescribed_quantity
        deductions.append(
            _adjust(
                Reason.QUANTITY_BEYOND_PRESCRIPTION,
                multiply(price.ppv, extra),
                f"{extra.normalize():f} boîte(s) au-delà des {boxes.normalize():f} prescrites",
            )
        )
    act_value = multiply(price.ppv, line.quantity)
    charged = act_value if line.charged is None else money(line.charged)
    unit_base = price.ppv
    if price.pbr is not None and price.pbr < price.ppv:
        unit_base = price.pbr
        deductions.append(
            _adjust(
                Reason.GENERIC_BASE,
                multiply(price.ppv - price.pbr, boxes),
                f"PBR {_dh(price.pbr)} au lieu du PPV {_dh(price.ppv)} par boîte",
            )
        )
    base = min(multiply(unit_base, boxes), charged)
    quotation = f"{line.quantity.normalize():f} boîte(s)"
    return _Valued(
        label, MEDICINE_CATEGORY, quotation, money(price.ppv), act_value, charged, base, deductions
    )


def _value_device(line: Line, tariffs: Tariffs) -> _Valued | Adjustment:
    item = tariffs.devices.get(line.code)
    if item is None:
        return _adjust(Reason.UNKNOWN_CODE, detail=f"dispositif {line.code}")
    forfait = tariffs.device_forfaits.on(line.code, line.care_date)
    if forfait is None:
        return _adjust(Reason.NO_TARIFF, detail=f"{item.label} le {line.care_date:%d/%m/%Y}")
    cap = multiply(forfait, line.quantity)
    charged = cap if line.charged is None else money(line.charged)
    deductions = []
    if charged > cap:
        deductions.append(
            _adjust(Reason.FORFAIT_CAP, charged - cap, f"{_dh(charged)} payés, forfait {_dh(cap)}")
        )
    quotation = f"{line.code} × {line.quantity.normalize():f}"
    return _Valued(
        item.label,
        item.care_category,
        quotation,
        money(forfait),
        cap,
        charged,
        min(charged, cap),
        deductions,
        item.needs_authorization,
    )


def _rejected(
    line: Line, rejection: Adjustment, sector: str, valued: _Valued | None
) -> StatementLine:
    charged = valued.charged if valued else money(line.charged or ZERO)
    return StatementLine(
        number=line.number,
        kind=line.kind,
        code=line.code,
        label=valued.label if valued else line.code,
        quotation=valued.quotation if valued else line.code,
        care_date=line.care_date,
        care_category=valued.category if valued else "",
        sector=sector,
        quantity=line.quantity,
        unit_value=valued.unit_value if valued else ZERO,
        act_value=valued.act_value if valued else ZERO,
        charged=charged,
        base=ZERO,
        rate=ZERO,
        reimbursed=ZERO,
        copayment=ZERO,
        beyond_base=charged,
        ald_applied=False,
        rejection=rejection,
    )


def _authorized(line: Line, claim: Claim, context: Context) -> bool:
    agreement = context.authorizations.get(line.authorization_ref or "")
    return (
        agreement is not None
        and agreement.beneficiary_id == claim.beneficiary_id
        and agreement.period.covers(line.care_date)
        and (not agreement.codes or line.code in agreement.codes)
    )


def _first_failed_check(line: Line, claim: Claim, context: Context, provider, valued, key, seen):
    """The first check the line fails, as a rejection (details are formatted only then)."""
    day = line.care_date
    if day > claim.deposit_date:
        return _adjust(Reason.CARE_AFTER_DEPOSIT)
    if not context.coverage.has_rights(day, line.ald_code):
        return _adjust(Reason.NO_RIGHTS, detail=f"le {day:%d/%m/%Y}")
    if not provider.active:
        return _adjust(Reason.PROVIDER_INACTIVE, detail=line.executor_inpe)
    if key in context.paid or key in seen:
        return _adjust(Reason.DUPLICATE, detail=f"{valued.quotation} du {day:%d/%m/%Y}")
    if valued.needs_authorization and not _authorized(line, claim, context):
        return _adjust(Reason.AUTHORIZATION_MISSING, detail=valued.label)
    return None


def adjudicate_line(line: Line, claim: Claim, context: Context, seen: set) -> StatementLine:
    provider = context.providers.get(line.executor_inpe)
    if provider is None:
        return _rejected(
            line, _adjust(Reason.UNKNOWN_PROVIDER, detail=line.executor_inpe), "", None
        )
    sector = provider.sector
    valued = _value(line, context.tariffs, sector, provider.establishment)
    if isinstance(valued, Adjustment):
        return _rejected(line, valued, sector, None)
    key = duplicate_key(claim.beneficiary_id, line)
    rejection = _first_failed_check(line, claim, context, provider, valued, key, seen)
    if rejection is None and line.review is not None:
        rejection = _apply_review(line.review, valued)
    if rejection is not None:
        return _rejected(line, rejection, sector, valued)
    seen.add(key)
    ald = context.coverage.exempted(line.ald_code, line.care_date)
    rate = (
        context.tariffs.parameter(claim.scheme, ALD_RATE, line.care_date)
        if ald
        else context.tariffs.rate(claim.scheme, valued.category, sector, line.care_date)
    )
    if rate is None:
        return _rejected(line, _adjust(Reason.NO_RATE, detail=valued.category), sector, valued)
    reimbursed = apply_rate(valued.base, rate)
    return StatementLine(
        number=line.number,
        kind=line.kind,
        code=line.code,
        label=valued.label,
        quotation=valued.quotation,
        care_date=line.care_date,
        care_category=valued.category,
        sector=sector,
        quantity=line.quantity,
        unit_value=valued.unit_value,
        act_value=valued.act_value,
        charged=valued.charged,
        base=valued.base,
        rate=rate,
        reimbursed=reimbursed,
        copayment=valued.base - reimbursed,
        beyond_base=valued.charged - valued.base,
        ald_applied=ald,
        deductions=tuple(valued.deductions),
    )


def _apply_review(review: Review, valued: _Valued) -> Adjustment | None:
    """The reviewer's rejection, or None after lowering the valued base in place."""
    if review.rejected:
        return _adjust(Reason.REVIEWER_ADJUSTMENT, detail=f"ligne rejetée ({review.justification})")
    if review.base is not None and money(review.base) < valued.base:
        lowered = max(money(review.base), ZERO)
        valued.deductions.append(
            _adjust(
                Reason.REVIEWER_ADJUSTMENT,
                valued.base - lowered,
                f"base ramenée à {_dh(lowered)} ({review.justification})",
            )
        )
        valued.base = lowered
    return None


def deposit_reference_date(claim: Claim) -> date:
    days = [line.care_date for line in claim.lines]
    return max(days) if claim.continuous_treatment else min(days)


def adjudicate(claim: Claim, context: Context) -> Statement:
    """The statement of one claim. Lines are judged in order: a repeated line is a duplicate."""
    seen: set = set()
    lines = tuple(adjudicate_line(line, claim, context, seen) for line in claim.lines)
    if not claim.lines:
        return Statement(claim.reference, lines)
    reference = deposit_reference_date(claim)
    delay = context.tariffs.parameter(claim.scheme, DEPOSIT_DELAY, reference)
    late_by = (claim.deposit_date - reference).days - int(delay) if delay is not None else 0
    if late_by > 0:
        rejection = _adjust(
            Reason.LATE_DEPOSIT,
            detail=f"déposé le {claim.deposit_date:%d/%m/%Y}, {late_by} jour(s) après le délai de {int(delay)} jours",
        )
        lines = tuple(
            line if line.rejection else _reject_accepted(line, rejection) for line in lines
        )
        return Statement(claim.reference, lines, rejection)
    return Statement(claim.reference, lines)


def _reject_accepted(line: StatementLine, rejection: Adjustment) -> StatementLine:
    return replace(
        line,
        base=ZERO,
        rate=ZERO,
        reimbursed=ZERO,
        copayment=ZERO,
        beyond_base=line.charged,
        ald_applied=False,
        deductions=(),
        rejection=rejection,
    )
