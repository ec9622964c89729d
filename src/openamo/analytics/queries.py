"""Every dashboard figure, defined once as SQL that DuckDB and Spark SQL both run.

The dialect is the subset the two share: CTEs, joins, GROUP BY, CASE, COALESCE, FLOOR,
year()/month()/dayofmonth(), inline VALUES, integer day columns (`<date>_day`) for delays. No
engine-specific function is used; `tests/analytics/test_spark_parity.py` runs every query on
both engines and compares the figures. Parameters are ints and dates formatted here, never text
from a request.

Each query answers rows of (label..., value...) for one audience (`Scope`) at a reference day.
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Scope:
    """Whose members a figure counts: the whole fund, a delegation, a mutuelle, employers."""

    delegation_id: int | None = None
    mutuelle_id: int | None = None
    employer_ids: tuple[int, ...] | None = None

    def where(self, alias: str = "m") -> str:
        clauses = ["1 = 1"]
        if self.delegation_id is not None:
            clauses.append(f"{alias}.delegation_id = {int(self.delegation_id)}")
        if self.mutuelle_id is not None:
            clauses.append(f"{alias}.mutuelle_id = {int(self.mutuelle_id)}")
        if self.employer_ids is not None:
            ids = ", ".join(str(int(i)) for i in self.employer_ids) or "NULL"
            clauses.append(f"{alias}.employer_id IN ({ids})")
        return " AND ".join(clauses)


@dataclass(frozen=True)
class Params:
    day: date
    months: int = 12
    commitment_days: int = 30
    top: int = 20
    extra: dict = field(default_factory=dict)

    @property
    def day_literal(self) -> str:
        return f"DATE '{self.day.isoformat()}'"

    @property
    def day_number(self) -> int:
        return (self.day - date(1970, 1, 1)).days

    def month_ends(self) -> list[date]:
        """The last day of each of the `months` months up to the reference day's month."""
        ends = []
        year, month = self.day.year, self.day.month
        for _ in range(self.months):
            nxt = date(year + (month == 12), month % 12 + 1, 1)
            ends.append(date.fromordinal(nxt.toordinal() - 1))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return sorted(ends)


def _age(column: str, p: Params) -> str:
    ref = p.day.year * 10000 + p.day.month * 100 + p.day.day
    return (
        f"CAST(FLOOR(({ref} - (year({column}) * 10000 + month({column}) * 100"
        f" + dayofmonth({column}))) / 10000) AS INT)"
    )


def _covered(p: Params) -> str:
    """The beneficiaries alive and with rights open on the reference day, with their member."""
    d = p.day_literal
    return f"""
    covered AS (
      SELECT b.id, b.role, b.sex, b.birth_date, m.status, m.region, m.delegation_id,
             {_age("b.birth_date", p)} AS age
      FROM beneficiaries b JOIN members m ON m.id = b.member_id
      JOIN (SELECT DISTINCT beneficiary_id FROM rights
            WHERE starts_on <= {d} AND (ends_on IS NULL OR ends_on >= {d})) r
        ON r.beneficiary_id = b.id
      WHERE (b.deceased_on IS NULL OR b.deceased_on > {d}) AND {{scope}}
    )"""


# Built once per engine session (materialised on first use, see engines.py) and shared by
# every consumption figure: the lines of each claim's latest statement with the claim's member.
DERIVED = {
    "latest_lines": """
    WITH latest AS (SELECT claim_id, MAX(version) AS version FROM statements GROUP BY claim_id)
    SELECT l.*, c.beneficiary_id, c.member_id, m.region, m.delegation_id, m.mutuelle_id,
           m.employer_id
    FROM lines l JOIN statements s ON s.id = l.statement_id
    JOIN latest t ON t.claim_id = s.claim_id AND t.version = s.version
    JOIN claims c ON c.id = s.claim_id JOIN members m ON m.id = c.member_id"""
}


def _accepted() -> str:
    """The lines of each claim's latest statement, in scope."""
    return """
    accepted AS (SELECT * FROM latest_lines m WHERE {scope})"""


DIMENSIONS = {
    "status": "status",
    "role": "role",
    "sex": "sex",
    "region": "region",
    "age_band": "CASE WHEN age >= 80 THEN 80 ELSE CAST(FLOOR(age / 10) AS INT) * 10 END",
}


def membership_by(dimension: str, p: Params) -> str:
    expr = DIMENSIONS[dimension]
    return f"""WITH {_covered(p)}
    SELECT {expr} AS label, COUNT(*) AS beneficiaries FROM covered
    GROUP BY {expr} ORDER BY label NULLS LAST"""


def age_pyramid(p: Params) -> str:
    band = DIMENSIONS["age_band"].replace("age", "c.age")
    return f"""WITH {_covered(p)}
    SELECT {band} AS band,
           SUM(CASE WHEN c.sex = 'M' THEN 1 ELSE 0 END) AS men,
           SUM(CASE WHEN c.sex = 'F' THEN 1 ELSE 0 END) AS women
    FROM covered c GROUP BY {band} ORDER BY band NULLS LAST"""


def membership_over_time(p: Params) -> str:
    months = ", ".join(f"(DATE '{d.isoformat()}')" for d in p.month_ends())
    return f"""WITH ends AS (SELECT * FROM (VALUES {months}) AS e(month_end))
    SELECT e.month_end, COUNT(DISTINCT r.beneficiary_id) AS beneficiaries
    FROM ends e
    JOIN rights r ON r.starts_on <= e.month_end AND (r.ends_on IS NULL OR r.ends_on >= e.month_end)
    JOIN beneficiaries b ON b.id = r.beneficiary_id
    JOIN members m ON m.id = b.member_id
    WHERE (b.deceased_on IS NULL OR b.deceased_on > e.month_end) AND {{scope}}
    GROUP BY e.month_end ORDER BY e.month_end"""


def contributions_by_period(p: Params) -> str:
    return """SELECT d.period, COUNT(DISTINCT d.member_id) AS members,
           SUM(d.gross_cents) AS payroll_cents, SUM(d.contribution_cents) AS contribution_cents
    FROM declarations d JOIN members m ON m.id = d.member_id
    WHERE {scope} GROUP BY d.period ORDER BY d.period NULLS LAST"""


def contributions_by_population(p: Params) -> str:
    return """SELECT d.population, COUNT(DISTINCT d.member_id) AS members,
           SUM(d.gross_cents) AS payroll_cents, SUM(d.contribution_cents) AS contribution_cents
    FROM declarations d JOIN members m ON m.id = d.member_id
    WHERE {scope} GROUP BY d.population ORDER BY d.population NULLS LAST"""


def calls_collection(p: Params) -> str:
    """Called and received per period for the employers in scope; arrears are what is due
    (due date passed) and not received on the reference day."""
    employers = "SELECT DISTINCT m.employer_id FROM members m WHERE {scope}"
    d = p.day_literal
    return f"""WITH paid AS (
      SELECT call_id, SUM(amount_cents) AS received_cents FROM receipts
      WHERE received_on <= {d} GROUP BY call_id)
    SELECT k.period, SUM(k.amount_cents) AS called_cents,
           SUM(COALESCE(p.received_cents, 0)) AS received_cents,
           SUM(CASE WHEN k.due_on < {d}
                    THEN k.amount_cents - COALESCE(p.received_cents, 0) ELSE 0 END)
             AS arrears_cents
    FROM calls k LEFT JOIN paid p ON p.call_id = k.id
    WHERE k.employer_id IN ({employers}) AND k.period <= {d}
    GROUP BY k.period ORDER BY k.period"""


CONSUMPTION = {
    "care_category": "a.care_category",
    "sector": "a.sector",
    "kind": "a.kind",
    "provider_kind": "COALESCE(pr.kind, '')",
    "region": "a.region",
    "ald": "CASE WHEN a.ald_applied THEN 'ald' ELSE 'other' END",
}


def consumption_by(dimension: str, p: Params) -> str:
    expr = CONSUMPTION[dimension]
    return f"""WITH {_accepted()}
    SELECT {expr} AS label, COUNT(*) AS lines, SUM(a.charged_cents) AS charged_cents,
           SUM(a.reimbursed_cents) AS reimbursed_cents,
           COUNT(DISTINCT a.beneficiary_id) AS consumers
    FROM accepted a LEFT JOIN providers pr ON pr.inpe = a.executor
    WHERE a.rejected = 0 GROUP BY {expr} ORDER BY reimbursed_cents DESC, label NULLS LAST"""


def consumption_by_month(p: Params) -> str:
    return f"""WITH {_accepted()}
    SELECT year(a.care_date) * 100 + month(a.care_date) AS month,
           SUM(a.reimbursed_cents) AS reimbursed_cents, COUNT(DISTINCT a.beneficiary_id) AS consumers
    FROM accepted a WHERE a.rejected = 0
    GROUP BY year(a.care_date) * 100 + month(a.care_date) ORDER BY month"""


def cost_per_beneficiary(p: Params) -> str:
    return f"""WITH {_covered(p)}, {_accepted()}
    SELECT (SELECT SUM(reimbursed_cents) FROM accepted WHERE rejected = 0) AS reimbursed_cents,
           (SELECT COUNT(*) FROM covered) AS beneficiaries,
           (SELECT COUNT(DISTINCT beneficiary_id) FROM accepted WHERE rejected = 0) AS consumers"""


def top_consumers(p: Params) -> str:
    return f"""WITH {_accepted()}
    SELECT a.beneficiary_id, a.member_id, COUNT(DISTINCT a.claim_id) AS claims,
           SUM(a.reimbursed_cents) AS reimbursed_cents
    FROM accepted a WHERE a.rejected = 0
    GROUP BY a.beneficiary_id, a.member_id
    ORDER BY reimbursed_cents DESC, a.beneficiary_id LIMIT {int(p.top)}"""


def delays_by_delegation(p: Params) -> str:
    """Per delegation: days from deposit to the first statement, from the first statement to
    the payment settled, and the share of paid claims paid within the commitment."""
    return f"""WITH first AS (
      SELECT claim_id, MIN(adjudicated_on_day) AS adjudicated FROM statements GROUP BY claim_id),
    settled AS (
      SELECT claim_id, MIN(settled_on_day) AS settled FROM payments
      WHERE claim_id IS NOT NULL AND status = 'paid' GROUP BY claim_id),
    claim_delays AS (
      SELECT m.delegation_id, f.adjudicated - c.deposit_date_day AS to_adjudication,
             s.settled - f.adjudicated AS to_payment, s.settled - c.deposit_date_day AS total
      FROM claims c JOIN members m ON m.id = c.member_id
      JOIN first f ON f.claim_id = c.id LEFT JOIN settled s ON s.claim_id = c.id
      WHERE {{scope}})
    SELECT COALESCE(delegation_id, 0) AS delegation_id, COUNT(*) AS claims,
           AVG(to_adjudication) AS days_to_adjudication, AVG(to_payment) AS days_to_payment,
           SUM(CASE WHEN total IS NOT NULL THEN 1 ELSE 0 END) AS paid,
           SUM(CASE WHEN total <= {int(p.commitment_days)} THEN 1 ELSE 0 END) AS paid_in_time
    FROM claim_delays GROUP BY COALESCE(delegation_id, 0) ORDER BY delegation_id"""


def invoice_delays(p: Params) -> str:
    """Direct billing: invoices paid, and paid by their commitment date."""
    return """SELECT COUNT(*) AS invoices,
           SUM(CASE WHEN i.paid_on IS NOT NULL THEN 1 ELSE 0 END) AS paid,
           SUM(CASE WHEN i.paid_on_day <= i.payment_due_on_day THEN 1 ELSE 0 END) AS paid_in_time,
           AVG(i.paid_on_day - i.received_on_day) AS days_to_payment
    FROM invoices i JOIN beneficiaries b ON b.id = i.beneficiary_id
    JOIN members m ON m.id = b.member_id WHERE {scope}"""


def complaints_by_category(p: Params) -> str:
    return """SELECT q.category, COUNT(*) AS complaints,
           SUM(CASE WHEN q.closed_on IS NOT NULL THEN 1 ELSE 0 END) AS closed,
           SUM(CASE WHEN q.closed_on_day <= q.resolution_due_on_day THEN 1 ELSE 0 END)
             AS closed_in_time,
           AVG(q.closed_on_day - q.filed_on_day) AS days_to_close
    FROM complaints q JOIN members m ON m.id = q.member_id
    WHERE {scope} GROUP BY q.category ORDER BY complaints DESC, q.category NULLS LAST"""


def key_rates(p: Params) -> str:
    """Numerators and denominators of the key rates (the page divides)."""
    return f"""WITH {_accepted()},
    auth AS (SELECT a.* FROM authorisations a JOIN beneficiaries b ON b.id = a.beneficiary_id
             JOIN members m ON m.id = b.member_id WHERE {{scope}}),
    drugs AS (SELECT a.* FROM accepted a WHERE a.kind = 'medicine' AND a.rejected = 0)
    SELECT (SELECT COUNT(*) FROM accepted) AS lines,
           (SELECT SUM(rejected) FROM accepted) AS rejected_lines,
           (SELECT COUNT(*) FROM auth WHERE decided_on IS NOT NULL) AS decided,
           (SELECT SUM(instant) FROM auth) AS decided_instantly,
           (SELECT COUNT(*) FROM drugs) AS medicine_lines,
           (SELECT COUNT(*) FROM drugs d JOIN medicines g ON g.ean13 = d.code
            WHERE g.is_generic) AS generic_lines"""


def counter_exams_by_category(p: Params) -> str:
    """Counter-examinations per subject (ALD request, authorisation, claim line) and outcome,
    next to the decided requests / judged lines of that subject (the rate's denominator)."""
    return f"""WITH {_accepted()},
    ex AS (SELECT c.* FROM counter_exams c JOIN beneficiaries b ON b.id = c.beneficiary_id
           JOIN members m ON m.id = b.member_id WHERE {{scope}}),
    decided AS (
      SELECT 'ald' AS category, COUNT(*) AS base FROM ald_requests r
        JOIN beneficiaries b ON b.id = r.beneficiary_id JOIN members m ON m.id = b.member_id
        WHERE {{scope}} AND r.decided_on IS NOT NULL
      UNION ALL
      SELECT 'authorisation' AS category, COUNT(*) AS base FROM authorisations a
        JOIN beneficiaries b ON b.id = a.beneficiary_id JOIN members m ON m.id = b.member_id
        WHERE {{scope}} AND a.decided_on IS NOT NULL
      UNION ALL
      SELECT 'claim_line' AS category, COUNT(*) AS base FROM accepted),
    counted AS (
      SELECT category, COUNT(*) AS exams,
             SUM(CASE WHEN outcome = 'confirm' THEN 1 ELSE 0 END) AS confirmed,
             SUM(CASE WHEN outcome = 'reduce' THEN 1 ELSE 0 END) AS reduced,
             SUM(CASE WHEN outcome = 'refuse' AND status <> 'no_show' THEN 1 ELSE 0 END)
               AS refused,
             SUM(CASE WHEN status = 'no_show' THEN 1 ELSE 0 END) AS no_show,
             SUM(CASE WHEN status IN ('scheduled', 'attended') THEN 1 ELSE 0 END) AS pending
      FROM ex GROUP BY category)
    SELECT d.category, COALESCE(c.exams, 0) AS exams, d.base,
           COALESCE(c.confirmed, 0) AS confirmed, COALESCE(c.reduced, 0) AS reduced,
           COALESCE(c.refused, 0) AS refused, COALESCE(c.no_show, 0) AS no_show,
           COALESCE(c.pending, 0) AS pending
    FROM decided d LEFT JOIN counted c ON c.category = d.category
    ORDER BY d.category"""


@dataclass(frozen=True)
class Query:
    name: str
    build: object  # (Params) -> SQL with a {scope} placeholder
    dimension: str | None = None

    def sql(self, scope: Scope, p: Params) -> str:
        text = self.build(self.dimension, p) if self.dimension else self.build(p)
        return text.replace("{scope}", scope.where("m"))


QUERIES = {
    **{f"membership_{d}": Query(f"membership_{d}", membership_by, d) for d in DIMENSIONS},
    "age_pyramid": Query("age_pyramid", age_pyramid),
    "membership_over_time": Query("membership_over_time", membership_over_time),
    "contributions_by_period": Query("contributions_by_period", contributions_by_period),
    "contributions_by_population": Query(
        "contributions_by_population", contributions_by_population
    ),
    "calls_collection": Query("calls_collection", calls_collection),
    **{f"consumption_{d}": Query(f"consumption_{d}", consumption_by, d) for d in CONSUMPTION},
    "consumption_by_month": Query("consumption_by_month", consumption_by_month),
    "cost_per_beneficiary": Query("cost_per_beneficiary", cost_per_beneficiary),
    "top_consumers": Query("top_consumers", top_consumers),
    "delays_by_delegation": Query("delays_by_delegation", delays_by_delegation),
    "invoice_delays": Query("invoice_delays", invoice_delays),
    "complaints_by_category": Query("complaints_by_category", complaints_by_category),
    "key_rates": Query("key_rates", key_rates),
    "counter_exams_by_category": Query("counter_exams_by_category", counter_exams_by_category),
}


def run(engine, name: str, scope: Scope, p: Params) -> list[tuple]:
    return engine.rows(QUERIES[name].sql(scope, p))
