"""Bulk writes of the generated fund, chunk by chunk (COPY on PostgreSQL via core.bulk).

The rows are exactly what the services store: beneficiaries with their rights snapshot and
periods as `member_rights_recompute` writes them, claims "received" with their deposit
transition as `claim_submit` does, declarations with shares and payroll as the contributions
services do, only set-wise. Timestamps derive from the generated dates, so a seed gives the
same rows every time.
"""

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count, Sum

from openamo.authorizations import rules as authz_rules
from openamo.authorizations.models import (
    AuthorizationRequest,
    DirectBillingAgreement,
    RequestAct,
    RequestEvent,
    SubmittedDocument,
)
from openamo.claims import engine
from openamo.claims.loading import tariffs_load
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
from openamo.core.models import Sequence
from openamo.core.sequences import sequence_take
from openamo.members.models import (
    AldExemption,
    Beneficiary,
    Dependent,
    Employer,
    LifeEvent,
    Member,
    Mutuelle,
    RightsPeriod,
)
from openamo.members.services import REASONS, REGISTRATION_SEQUENCE, name_key
from openamo.referentials.choices import establishment_kind_of
from openamo.referentials.models import (
    AuthorizationType,
    City,
    Delegation,
    Provider,
    RequiredDocument,
)

from . import authz
from .authz import RequestSpec
from .care import ClaimSpec
from .fraud import Label
from .models import FraudLabel
from .payroll import PayLine, declared_months
from .population import EmployerSpec, Family
from .refs import ProviderRef
from .span import Span

CHANNEL_LABEL = {"paper": "Papier", "electronic": "Électronique", "mutuelle": "Flux mutuelle"}
# Care categories of a direct-billing agreement by kind of establishment [I] (public hospitals,
# CHU and military hospitals are admitted automatically and need none).
AGREEMENT_FIELDS = ("provider_id", "status", "care_categories", "rib", "anam_registration",
                    "starts_on", "ends_on", "automatic", "applied_at", "decided_at",
                    "decision_note")  # fmt: skip
REQUEST_FIELDS = (
    "reference", "provider_id", "beneficiary_id", "authorization_type_id", "stage", "diagnosis",
    "ald_code", "doctor_inpe", "planned_start", "planned_end", "sessions_per_week",
    "estimated_amount", "status", "queue", "delegation_id", "submitted_at", "queued_at",
    "due_at", "decided_at", "decided_by_id", "decision_rule", "refusal_reason", "decision_note",
    "valid_from", "valid_to",
    "amount_charged", "amount_covered", "copayment", "remaining", "exemption_applied",
)  # fmt: skip
ACT_FIELDS = (
    "request_id", "number", "kind", "code", "coefficient", "quantity", "charged", "quotation",
    "label", "care_category", "base", "rate", "covered", "copayment", "problem",
    "granted_quantity",
)  # fmt: skip
AGREEMENT_CATEGORIES = {
    "clinic": ["hospitalisation", "surgery", "intensive_care", "technical_act", "device",
               "biology", "radiology"],
    "dialysis_centre": ["dialysis"],
    "oncology_centre": ["oncology"],
    "ophthalmology_centre": ["surgery", "technical_act", "device"],
    "laboratory": ["biology"],
    "radiology": ["radiology"],
    "optician": ["optics"],
    "dentist": ["dental"],
}  # fmt: skip
# Generated establishments admitted to direct billing (labs, radiology, opticians, dentists
# bill the insured, who claim the refund).
GENERATED_AGREED = ("clinic", "dialysis_centre", "oncology_centre", "ophthalmology_centre")
RIGHTS_BUCKET = {"open": "rights", "maintained": "rights", "ald_continuity": "ald_only",
                 "suspended": "suspended"}  # fmt: skip
REVIEWER_APPROVAL = "Accord du médecin contrôleur après examen du dossier"


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
    def __init__(self, *, scheme, year, fund, ald: dict[str, tuple[int, str]], rates):
        self.span = Span.coerce(year)
        self.year = self.span.year
        self.scheme, self.fund, self.ald, self.rates = scheme, fund, ald, rates
        self.cities = dict(City.objects.values_list("name", "id"))
        self.providers: dict[str, int] = {}
        self.employers: dict[str, int] = {}
        self.mutuelles: dict[str, int] = {}
        self.declarations: dict[tuple[str, object], int] = {}
        self.line_numbers: dict[int, int] = defaultdict(int)
        self.counts: dict[str, int] = defaultdict(int)
        self.computed_at = _at(self.span.end, 6)

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
                f"ANAM-TP-SYN-{p.inpe}" if p.kind in GENERATED_AGREED else "",
                "",
                "",
                p.kind in ("public_hospital", "chu", "military_hospital", *GENERATED_AGREED),
                datetime(2005, 9, 1).date()
                if p.kind in ("public_hospital", "chu", "military_hospital")
                else (
                    date(2008 + int(p.inpe[-2:]) % 15, 1, 1) if p.kind in GENERATED_AGREED else None
                ),
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
        self._agreements_write()

    def _agreements_write(self) -> None:
        """The direct-billing agreement in force of every establishment admitted (the sample's
        own and the generated ones), as `agreement_decide` leaves it."""
        have = set(DirectBillingAgreement.objects.values_list("provider_id", flat=True))
        rows = []
        for pid, kind, rib, anam, since in (
            Provider.objects.filter(direct_billing=True, kind__in=list(AGREEMENT_CATEGORIES))
            .order_by("inpe")
            .values_list("id", "kind", "rib", "anam_registration", "direct_billing_since")
        ):
            if pid in have:
                continue
            since = since or date(self.year - 1, 1, 1)
            rows.append((pid, "active", AGREEMENT_CATEGORIES[kind], rib, anam, since, None, False,
                         _at(since - timedelta(days=30)), _at(since, 11), "convention signée"))  # fmt: skip
        ids = rows_insert(DirectBillingAgreement, AGREEMENT_FIELDS, rows, with_ids=True)
        _stamp("authorizations_directbillingagreement", "applied_at", "date(starts_on, '-30 day')",
               "09:00:00", ids)  # fmt: skip
        self.counts["billing_agreements"] += len(rows)

    def _authz_context(self) -> None:
        if hasattr(self, "types"):
            return
        self.types = dict(AuthorizationType.objects.values_list("code", "id"))
        self.tariffs = tariffs_load()
        self.city_delegation = dict(City.objects.values_list("name", "delegation_id"))
        self.documents = list(
            RequiredDocument.objects.order_by("-mandatory", "document_type__label").values_list(
                "authorization_type_id", "stage", "document_type_id", "document_type__code",
                "document_type__label", "mandatory", "valid_from", "valid_to",
            )
        )  # fmt: skip
        self.sector = dict(Provider.objects.values_list("inpe", "sector"))
        self.establishment = {
            inpe: establishment_kind_of(kind, sector)
            for inpe, kind, sector in Provider.objects.values_list("inpe", "kind", "sector")
        }
        self.kind = dict(Provider.objects.values_list("inpe", "kind"))
        self.applied: set[int] = set()
        self.deciders: dict[tuple, int] = {}

    def _decider(self, delegation_id: int | None, queue: str) -> int:
        """The user id of who decides the delegation's queue, a medical reviewer or an agent
        (the first delegation's for a city without one), created once with no password."""
        if (delegation_id, queue) not in self.deciders:
            delegation = (
                Delegation.objects.filter(pk=delegation_id).first()
                or Delegation.objects.order_by("code").first()
            )
            first, last = authz.reviewer_names(delegation.name, queue)
            user, created = get_user_model().objects.get_or_create(
                username=authz.reviewer_username(delegation.code, queue),
                defaults={"first_name": first, "last_name": last},
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            self.deciders[(delegation_id, queue)] = user.pk
        return self.deciders[(delegation_id, queue)]

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
            months = declared_months(self.span)
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
        requests: list[RequestSpec] = (),
    ):
        keys = self._members(families)
        self._claims(claims, keys)
        self._requests(families, requests, keys)
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

    # ---- prior authorisations -------------------------------------------------------------
    def _required(self, type_id: int, stage: str, day) -> list[tuple[int, str, str, bool]]:
        """The nomenclature of a type on a day (as `selectors.required_documents`)."""
        seen, out = set(), []
        for tid, st, doc_id, code, label, mandatory, start, end in self.documents:
            if tid != type_id or st not in ("always", stage) or code in seen:
                continue
            if start <= day and (end is None or day <= end):
                seen.add(code)
                out.append((doc_id, code, label, mandatory))
        return out

    def _valuate(self, spec: RequestSpec, person, bid: int):
        buckets = {"rights": [], "ald_only": [], "suspended": []}
        for span in person.rights.spans if person.rights else ():
            buckets[RIGHTS_BUCKET[span.kind]].append(engine.Period(span.start, span.end))
        coverage = engine.Coverage(
            tuple(buckets["rights"]),
            tuple((c, engine.Period(s, e)) for c, s, e in person.ald),
            tuple(buckets["ald_only"]),
            tuple(buckets["suspended"]),
        )
        acts = tuple(
            authz_rules.ActIn(a.kind, a.code, a.coefficient, a.quantity, a.charged)
            for a in spec.acts
        )
        claim = authz_rules.valuation_claim(
            reference=spec.reference, beneficiary_id=bid, scheme=self.scheme.code,
            provider_inpe=spec.provider, day=spec.planned_start, acts=acts,
            ald_code=spec.ald_code or None,
        )  # fmt: skip
        context = authz_rules.valuation_context(
            tariffs=self.tariffs, coverage=coverage, provider_inpe=spec.provider,
            sector=self.sector.get(spec.provider, "private"), claim=claim,
            start=spec.planned_start, end=spec.planned_end,
            establishment=self.establishment.get(spec.provider, ""),
        )  # fmt: skip
        statement = engine.adjudicate(claim, context)
        return authz_rules.valuation_of(statement, spec.ald_code or None), statement

    def _requests(self, families: list[Family], requests: list[RequestSpec], keys) -> None:
        """The requests with their acts valued by the claims engine, their documents and
        their trail, as `authorization_submit` and `authorization_decide` leave them."""
        if not requests:
            return
        self._authz_context()
        bens = keys["beneficiaries"]
        by_index = {f.index: f for f in families}
        rows, acts, docs, events, applied = [], [], [], [], []
        for spec in requests:
            family = by_index[spec.family]
            person = family.persons[spec.rank]
            bid = bens[(spec.family, spec.rank)]
            type_id = self.types[spec.type_code]
            valuation, statement = self._valuate(spec, person, bid)
            submitted = spec.submitted_at.replace(tzinfo=UTC)
            hours = self.tariffs.parameter(
                self.scheme.code, "authorization_decision_hours", submitted.date()
            )
            due = submitted + timedelta(hours=int(hours or 48))
            approved = spec.status == "approved"
            decided = submitted + timedelta(hours=spec.decided_after_hours) if approved else None
            queued = submitted if spec.queue else None
            delegation = self.city_delegation.get(family.city.name)
            decider = self._decider(delegation, spec.queue) if approved and not spec.rule else None
            if approved and spec.rule:
                note = authz_rules.LABELS[authz_rules.Rule(spec.rule)]
            elif approved:
                note = REVIEWER_APPROVAL
            else:
                note = authz_rules.LABELS[authz_rules.Rule(spec.rule)]
            required = self._required(type_id, spec.stage, spec.planned_start)
            mandatory = [d for d in required if d[3]]
            sent = mandatory[: len(mandatory) - spec.documents_missing]
            if spec.documents_missing:
                missing = [d for d in mandatory if d not in sent]
                note += " : " + ", ".join(label for _, _, label, _ in missing)
            rows.append((
                spec.reference, self.providers[spec.provider], bid, type_id, spec.stage,
                spec.diagnosis, spec.ald_code, spec.doctor, spec.planned_start, spec.planned_end,
                spec.sessions_per_week, valuation.charged, spec.status, spec.queue,
                delegation, submitted, queued,
                due if spec.queue else None, decided, decider, spec.rule if approved else "", "",
                note,
                spec.planned_start if approved else None, spec.planned_end if approved else None,
                valuation.charged, valuation.covered, valuation.copayment, valuation.remaining,
                valuation.exemption or "",
            ))  # fmt: skip
            lines = {line.number: line for line in statement.lines}
            acts.append([
                (n, a.kind, a.code, a.coefficient, a.quantity, a.charged,
                 lines[n].quotation, lines[n].label[:250], lines[n].care_category, lines[n].base,
                 lines[n].rate, lines[n].reimbursed, lines[n].copayment,
                 lines[n].rejection.message[:300] if lines[n].rejection else "",
                 a.quantity if approved else None)
                for n, a in enumerate(spec.acts, 1)
            ])  # fmt: skip
            docs.append(
                [(doc_id, f"{code.lower()}.pdf", "", submitted) for doc_id, code, _, _ in sent]
            )
            trail = [(submitted, None, "", "dépôt", "", "incomplete",
                      f"{len(spec.acts)} acte(s), {len(sent)} pièce(s)")]  # fmt: skip
            if approved and spec.rule:
                trail.append((submitted, None, spec.rule, "accord", "", "approved", note))
            elif approved:
                rule = authz_rules.Rule.MEDICAL_REVIEW
                trail.append((submitted, None, str(rule), "mise en file", "", "pending",
                              authz_rules.LABELS[rule]))  # fmt: skip
                trail.append((decided, decider, "", "accord", "pending", "approved", note))
            elif spec.status == "pending":
                trail.append((submitted, None, spec.rule, "mise en file", "", "pending", note))
            else:
                trail.append((submitted, None, spec.rule, "pièces manquantes", "", "incomplete",
                              note))  # fmt: skip
            events.append(trail)
            pid = self.providers[spec.provider]
            if spec.rule == "provider_not_agreed" and pid not in self.applied:
                self.applied.add(pid)
                kind = self.kind[spec.provider]
                applied.append((pid, "applied", AGREEMENT_CATEGORIES.get(kind, ["biology"]), "",
                                f"ANAM-TP-SYN-{spec.provider}", spec.planned_start, None, False,
                                _at(spec.planned_start - timedelta(days=30)), None, ""))  # fmt: skip
        ids = rows_insert(AuthorizationRequest, REQUEST_FIELDS, rows, with_ids=True)
        act_rows = [(rid, *a) for rid, group in zip(ids, acts, strict=True) for a in group]
        rows_insert(RequestAct, ACT_FIELDS, act_rows)
        doc_rows = [(rid, *d) for rid, group in zip(ids, docs, strict=True) for d in group]
        rows_insert(
            SubmittedDocument,
            ("request_id", "document_type_id", "file_name", "reference", "received_at"),
            doc_rows,
        )
        event_rows = [(rid, *e) for rid, group in zip(ids, events, strict=True) for e in group]
        rows_insert(
            RequestEvent,
            ("request_id", "at", "by_id", "rule", "action", "from_status", "to_status", "note"),
            event_rows,
        )
        agreement_ids = rows_insert(
            DirectBillingAgreement, AGREEMENT_FIELDS, applied, with_ids=True
        )
        _stamp("authorizations_directbillingagreement", "applied_at", "date(starts_on, '-30 day')",
               "09:00:00", agreement_ids)  # fmt: skip
        self.counts["authorization_requests"] += len(rows)
        self.counts["authorization_acts"] += len(act_rows)
        self.counts["billing_agreements"] += len(applied)

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
        counter, _ = Sequence.objects.get_or_create(name=REGISTRATION_SEQUENCE)
        counter.last_value = max(counter.last_value, regno_offset + families_total)
        counter.save(update_fields=["last_value"])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
