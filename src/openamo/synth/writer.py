"""Bulk writes of the generated fund, chunk by chunk (COPY on PostgreSQL via core.bulk).

The rows are exactly what the services store: beneficiaries with their rights snapshot and
periods as `member_rights_recompute` writes them, claims "received" with their deposit
transition as `claim_submit` does, declarations with shares and payroll as the contributions
services do, only set-wise. Timestamps derive from the generated dates, so a seed gives the
same rows every time.
"""

from collections import defaultdict
from datetime import UTC, datetime, time

from django.db import connection, transaction
from django.db.models import Count, Sum

from openamo.claims.models import Claim, ClaimLine, ClaimTransition
from openamo.contributions.ledger import due_date
from openamo.contributions.models import (
    ContributionCall,
    ContributionShare,
    Declaration,
    DeclarationLine,
    Payroll,
)
from openamo.core.bulk import rows_insert
from openamo.core.sequences import sequence_take
from openamo.members.models import (
    AldExemption,
    Beneficiary,
    Dependent,
    Employer,
    LifeEvent,
    Member,
    Mutuelle,
    RegistrationCounter,
    RightsPeriod,
)
from openamo.members.services import REASONS, name_key
from openamo.referentials.models import City, Provider

from .care import ClaimSpec
from .fraud import Label
from .models import FraudLabel
from .payroll import PayLine
from .population import EmployerSpec, Family
from .refs import ProviderRef

CHANNEL_LABEL = {"paper": "Papier", "electronic": "Électronique", "mutuelle": "Flux mutuelle"}


def _at(day, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _iso(day):
    return day.isoformat() if day else None


def _stamp(table: str, column: str, day_column: str, hour: str, ids: list[int]) -> None:
    """bulk_create stamps auto_now_add fields with the clock (COPY does not): give them the
    generated date, so that a seed gives the same rows on SQLite too."""
    if connection.vendor == "postgresql" or not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {column} = {day_column} || ' {hour}' WHERE id BETWEEN %s AND %s",
            [min(ids), max(ids)],
        )


class FundWriter:
    def __init__(self, *, scheme, year: int, fund, ald: dict[str, tuple[int, str]], rates):
        self.scheme, self.year, self.fund, self.ald, self.rates = scheme, year, fund, ald, rates
        self.cities = dict(City.objects.values_list("name", "id"))
        self.providers: dict[str, int] = {}
        self.employers: dict[str, int] = {}
        self.mutuelles: dict[str, int] = {}
        self.declarations: dict[tuple[str, object], int] = {}
        self.line_numbers: dict[int, int] = defaultdict(int)
        self.counts: dict[str, int] = defaultdict(int)
        self.computed_at = _at(datetime(year + 1, 3, 1).date(), 6)

    # ---- referential side -----------------------------------------------------------------
    def providers_write(self, providers: list[ProviderRef]) -> None:
        rows = [
            (
                p.inpe,
                p.name,
                p.kind,
                p.specialty,
                p.sector,
                self.cities[p.city],
                "",
                "",
                "",
                "",
                "",
                p.kind in ("public_hospital", "chu", "military_hospital"),
                datetime(2005, 9, 1).date()
                if p.kind in ("public_hospital", "chu", "military_hospital")
                else None,
                True,
            )  # fmt: skip
            for p in providers
        ]
        fields = ("inpe", "name", "kind", "specialty", "sector", "city_id", "address", "rib",
                  "anam_registration", "phone", "email", "direct_billing", "direct_billing_since", "active")  # fmt: skip
        with transaction.atomic():
            rows_insert(Provider, fields, rows)
        self.providers = dict(Provider.objects.values_list("inpe", "id"))
        self.counts["providers"] += len(rows)

    def employers_write(self, employers: list[EmployerSpec], mutuelles) -> None:
        with transaction.atomic():
            for e in employers:
                obj, _ = Employer.objects.get_or_create(
                    administration_code=e.code,
                    scheme=self.scheme,
                    defaults={"name": e.name, "kind": "public_administration"},
                )
                self.employers[e.code] = obj.pk
            for code, name, _ in mutuelles:
                obj, _ = Mutuelle.objects.get_or_create(code=code, defaults={"name": name})
                self.mutuelles[code] = obj.pk
            months = [datetime(self.year, m, 1).date() for m in range(1, 13)]
            for code, employer_id in self.employers.items():
                for month in months:
                    decl, _ = Declaration.objects.get_or_create(
                        employer_id=employer_id,
                        period=month,
                        defaults={"scheme": self.scheme, "source": "file",
                                  "file_name": f"synth-{code}-{month:%Y%m}.csv"},
                    )  # fmt: skip
                    self.declarations[(code, month)] = decl.pk

    # ---- one chunk ------------------------------------------------------------------------
    @transaction.atomic
    def chunk_write(
        self,
        families: list[Family],
        claims: list[ClaimSpec],
        labels: list[Label],
        pay: list[PayLine],
    ):
        keys = self._members(families)
        self._claims(claims, keys)
        self._payroll(pay, keys)
        self._labels(labels, keys)

    def _members(self, families: list[Family]) -> dict:
        member_rows = []
        for f in families:
            m = f.member
            member_rows.append(
                (
                    f.registration_number,
                    m.cin,
                    m.last_name,
                    m.first_name,
                    m.birth_date,
                    m.sex,
                    "retired" if f.retired_on else f.status,
                    self.scheme.pk,
                    self.employers[f.employer] if not f.retired_on else self.employers["CMR"],
                    self.mutuelles.get(f.mutuelle),
                    f.registered_on,
                    self.cities[f.city.name],
                    self.computed_at,
                    "",
                    "",
                    "",
                    "",
                )  # fmt: skip
            )
        member_ids = rows_insert(
            Member,
            ("registration_number", "cin", "last_name", "first_name", "birth_date", "sex", "status",
             "scheme_id", "employer_id", "mutuelle_id", "registered_on", "city_id",
             "rights_computed_at", "rib", "phone", "email", "address"),
            member_rows,
            with_ids=True,
        )  # fmt: skip
        dep_rows, dep_keys = [], []
        for f, member_id in zip(families, member_ids, strict=True):
            for p in f.persons[1:]:
                dep_rows.append(
                    (
                        member_id,
                        p.role,
                        p.cin,
                        p.last_name,
                        p.first_name,
                        p.birth_date,
                        p.sex,
                        p.linked_on,
                        p.student_until,
                        p.disabled,
                        None,
                    )  # fmt: skip
                )
                dep_keys.append((f.index, p.rank))
        dep_ids = rows_insert(
            Dependent,
            ("member_id", "relationship", "cin", "last_name", "first_name", "birth_date", "sex",
             "linked_on", "student_until", "disabled", "married_on"),
            dep_rows,
            with_ids=True,
        )  # fmt: skip
        dependents = dict(zip(dep_keys, dep_ids, strict=True))
        ben_rows, ben_keys, people = [], [], []
        for f, member_id in zip(families, member_ids, strict=True):
            for p in f.persons:
                r = p.rights
                x = [[c, self.ald[c][1], _iso(s), _iso(e)] for c, s, e in p.ald]
                ben_rows.append(
                    (
                        member_id,
                        dependents.get((f.index, p.rank)),
                        p.role,
                        p.rank,
                        f.registration_number,
                        p.cin,
                        p.last_name,
                        p.first_name,
                        name_key(p.last_name, p.first_name),
                        p.birth_date,
                        r.deceased_on,
                        r.age_limit_on,
                        self.scheme.pk,
                        {"p": [[_iso(s.start), _iso(s.end), s.kind] for s in r.spans], "x": x},
                    )  # fmt: skip
                )
                ben_keys.append((f.index, p.rank))
                people.append(p)
        ben_ids = rows_insert(
            Beneficiary,
            ("member_id", "dependent_id", "role", "rank", "registration_number", "cin", "last_name",
             "first_name", "name_key", "birth_date", "deceased_on", "age_limit_on", "scheme_id",
             "rights"),
            ben_rows,
            with_ids=True,
        )  # fmt: skip
        periods, exemptions = [], []
        for bid, p in zip(ben_ids, people, strict=True):
            periods += [(bid, s.kind, s.start, s.end, REASONS[s.kind]) for s in p.rights.spans]
            exemptions += [(bid, self.ald[c][0], s, e, f"SYN-{c}-{bid}") for c, s, e in p.ald]
        rows_insert(
            RightsPeriod, ("beneficiary_id", "kind", "starts_on", "ends_on", "reason"), periods
        )
        rows_insert(
            AldExemption,
            ("beneficiary_id", "condition_id", "starts_on", "ends_on", "decision_ref"),
            exemptions,
        )
        events = []
        for f, member_id in zip(families, member_ids, strict=True):
            for kind, day, rank in sorted(f.events, key=lambda e: (e[1], e[0])):
                employer = self.employers[f.employer] if kind == "hire" else None
                if kind == "hire" and f.status == "retired":
                    employer = self.employers["MEN"]  # the administration they retired from
                events.append(
                    (
                        member_id,
                        kind,
                        day,
                        dependents.get((f.index, rank)) if rank else None,
                        employer,
                        "",
                        _at(day, 12),
                    )
                )
        rows_insert(
            LifeEvent,
            (
                "member_id",
                "kind",
                "occurred_on",
                "dependent_id",
                "employer_id",
                "note",
                "recorded_at",
            ),
            events,
        )
        self.counts["members"] += len(member_rows)
        self.counts["beneficiaries"] += len(ben_rows)
        self.counts["rights_periods"] += len(periods)
        self.counts["ald_exemptions"] += len(exemptions)
        return {
            "members": dict(zip((f.index for f in families), member_ids, strict=True)),
            "beneficiaries": dict(zip(ben_keys, ben_ids, strict=True)),
        }

    def _claims(self, claims: list[ClaimSpec], keys) -> None:
        if not claims:
            return
        claims.sort(key=lambda c: (c.deposit_date, c.family, c.rank, c.first))
        numbers = sequence_take("claim", len(claims))
        bens = keys["beneficiaries"]
        rows = [
            (
                f"DM{c.deposit_date:%Y}{n:09d}",
                bens[(c.family, c.rank)],
                self.scheme.pk,
                c.channel,
                c.deposit_date,
                c.first,
                c.last,
                c.continuous,
                c.ald_code,
                "received",
                _at(c.deposit_date),
            )  # fmt: skip
            for c, n in zip(claims, numbers, strict=True)
        ]
        claim_ids = rows_insert(
            Claim,
            ("reference", "beneficiary_id", "scheme_id", "channel", "deposit_date", "first_care_date",
             "last_care_date", "continuous_treatment", "ald_code", "status", "created_at"),
            rows,
            with_ids=True,
        )  # fmt: skip
        _stamp("claims_claim", "created_at", "deposit_date", "09:00:00", claim_ids)
        line_rows = []
        for c, cid in zip(claims, claim_ids, strict=True):
            for n, x in enumerate(c.lines, 1):
                line_rows.append(
                    (
                        cid,
                        n,
                        x.kind,
                        x.code,
                        x.care_date,
                        x.executor,
                        x.prescriber,
                        x.coefficient,
                        x.quantity,
                        x.charged,
                        x.prescribed_quantity,
                        x.prescription_date,
                        x.ald_code or c.ald_code,
                        x.authorization_ref,
                    )  # fmt: skip
                )
        line_ids = rows_insert(
            ClaimLine,
            ("claim_id", "number", "kind", "code", "care_date", "executor_inpe", "prescriber_inpe",
             "coefficient", "quantity", "charged", "prescribed_quantity", "prescription_date",
             "ald_code", "authorization_ref"),
            line_rows,
            with_ids=True,
        )  # fmt: skip
        rows_insert(
            ClaimTransition,
            ("claim_id", "from_status", "to_status", "at", "reason"),
            [(cid, "", "received", _at(c.deposit_date), f"dépôt ({CHANNEL_LABEL[c.channel]})")
             for c, cid in zip(claims, claim_ids, strict=True)],
        )  # fmt: skip
        labels, k = [], 0
        for c, cid in zip(claims, claim_ids, strict=True):
            first_line = k
            k += len(c.lines)
            bid = bens[(c.family, c.rank)]
            for pattern, lines, provider, group in c.marks:
                pid = self.providers.get(provider)
                rate = self.rates.get(pattern, 0.0)
                if not lines:
                    labels.append((self.fund.pk, pattern, cid, None, bid, pid, group, rate))
                for number in lines:
                    lid = line_ids[first_line + number - 1]
                    labels.append((self.fund.pk, pattern, cid, lid, bid, pid, group, rate))
        rows_insert(
            FraudLabel,
            (
                "fund_id",
                "pattern",
                "claim_id",
                "claim_line_id",
                "beneficiary_id",
                "provider_id",
                "group",
                "rate",
            ),
            labels,
        )
        self.counts["claims"] += len(rows)
        self.counts["claim_lines"] += len(line_rows)
        self.counts["fraud_labels"] += len(labels)

    def _labels(self, labels: list[Label], keys) -> None:
        rows = [
            (
                self.fund.pk,
                x.pattern,
                None,
                None,
                keys["beneficiaries"].get((x.family, x.rank)) if x.family is not None else None,
                self.providers.get(x.provider),
                x.group,
                self.rates.get(x.pattern, 0.0),
            )  # fmt: skip
            for x in labels
        ]
        rows_insert(
            FraudLabel,
            (
                "fund_id",
                "pattern",
                "claim_id",
                "claim_line_id",
                "beneficiary_id",
                "provider_id",
                "group",
                "rate",
            ),
            rows,
        )
        self.counts["fraud_labels"] += len(rows)

    def _payroll(self, pay: list[PayLine], keys) -> None:
        members = keys["members"]
        line_rows, pay_meta = [], []
        for p in pay:
            decl = self.declarations[(p.employer, p.month)]
            self.line_numbers[decl] += 1
            c = p.contribution
            line_rows.append(
                (
                    decl,
                    self.line_numbers[decl],
                    members[p.family],
                    p.population,
                    p.gross,
                    p.days,
                    c.base,
                    c.total,
                )
            )
            pay_meta.append((p, decl))
        line_ids = rows_insert(
            DeclarationLine,
            ("declaration_id", "line_number", "member_id", "population", "gross_salary", "days", "base", "contribution_total"),
            line_rows,
            with_ids=True,
        )  # fmt: skip
        shares, payrolls = [], []
        for lid, (p, _decl), row in zip(line_ids, pay_meta, line_rows, strict=True):
            mid = row[2]
            for s in p.contribution.shares:
                shares.append(
                    (
                        lid,
                        mid,
                        p.month,
                        s.component,
                        s.rate,
                        s.raw,
                        s.amount,
                        s.floor_applied,
                        s.ceiling_applied,
                        s.yearly_ceiling_applied,
                    )
                )
            payrolls.append(
                (
                    lid,
                    mid,
                    self.employers[p.employer],
                    self.scheme.pk,
                    p.month,
                    p.gross,
                    p.days,
                    p.contribution.total,
                )
            )
        rows_insert(
            ContributionShare,
            ("line_id", "member_id", "period", "component", "rate", "raw_amount", "amount", "floor_applied", "ceiling_applied", "yearly_ceiling_applied"),
            shares,
        )  # fmt: skip
        rows_insert(
            Payroll,
            ("line_id", "member_id", "employer_id", "scheme_id", "period", "gross_salary", "days", "contribution_total"),
            payrolls,
        )  # fmt: skip
        self.counts["declaration_lines"] += len(line_rows)
        self.counts["contribution_shares"] += len(shares)

    # ---- the end --------------------------------------------------------------------------
    @transaction.atomic
    def finish(self, families_total: int, regno_offset: int) -> None:
        """Totals of the declarations, their calls, the registration counter."""
        totals = (
            DeclarationLine.objects.filter(declaration_id__in=list(self.declarations.values()))
            .values("declaration_id")
            .annotate(n=Count("id"), payroll=Sum("gross_salary"), due=Sum("contribution_total"))
            .order_by()
        )
        found = {t["declaration_id"]: t for t in totals}
        calls = []
        for decl in Declaration.objects.filter(pk__in=list(self.declarations.values())):
            t = found.get(decl.pk)
            if t is None:
                decl.delete()
                continue
            decl.line_count, decl.payroll_total, decl.contribution_total = (
                t["n"],
                t["payroll"],
                t["due"],
            )
            decl.submitted_at = _at(due_date(decl.period).replace(day=5))
            decl.save(
                update_fields=["line_count", "payroll_total", "contribution_total", "submitted_at"]
            )
            calls.append(
                (
                    decl.employer_id,
                    decl.period,
                    decl.pk,
                    decl.contribution_total,
                    due_date(decl.period),
                    decl.submitted_at,
                )
            )
        rows_insert(
            ContributionCall,
            ("employer_id", "period", "declaration_id", "amount_due", "due_on", "issued_at"),
            calls,
        )
        self.counts["declarations"] = len(calls)
        counter, _ = RegistrationCounter.objects.get_or_create(name="member")
        counter.last_value = max(counter.last_value, regno_offset + families_total)
        counter.save(update_fields=["last_value"])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
