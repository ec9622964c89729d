"""Use cases that write: registration, dependents, life events, exemptions, rights.

One transaction each, keyword-only arguments. Every change of history recomputes the family's
rights (pure `rights.rights_compute`) in the same transaction.
"""

import unicodedata
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openamo.audit.services import (
    audit_change,
    audit_write_many,
    change_of,
    snapshot,
    value_changes,
)
from openamo.core.identifiers import cin_problem, normalize_cin, normalize_rib
from openamo.core.sequences import sequence_take
from openamo.referentials.models import AldCondition, ParameterCode, Scheme, SchemeParameter

from . import rights as core
from .models import (
    AldExemption,
    Beneficiary,
    BeneficiaryRole,
    Dependent,
    Employer,
    LifeEvent,
    LifeEventKind,
    Member,
    Relationship,
    RightsPeriod,
    RightsSuspension,
)

REASONS = {
    core.OPEN: "Droits ouverts",
    core.MAINTAINED: "Maintien des droits",
    core.ALD_CONTINUITY: "Continuité des soins ALD",
    core.SUSPENDED: "Droits suspendus",
}


# ---- identity --------------------------------------------------------------------------------


def name_key(last_name: str, first_name: str) -> str:
    """Case- and accent-insensitive key of a name, to spot the same person twice."""
    raw = f"{last_name} {first_name}".strip().lower()
    plain = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()
    return " ".join(plain.replace("-", " ").replace("'", " ").split())


def luhn_digit(digits: str) -> int:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return (10 - total % 10) % 10


REGISTRATION_SEQUENCE = "member"


def registration_number_next() -> str:
    """9 digits: an 8-digit sequence (core.sequences, never handed out twice) and a Luhn check
    digit."""
    (value,) = sequence_take(REGISTRATION_SEQUENCE)
    body = f"{value:08d}"
    return body + str(luhn_digit(body))


def _check_cin(cin: str, *, field: str = "cin", exclude: Beneficiary | None = None) -> str:
    if not cin:
        return ""
    if problem := cin_problem(cin):
        raise ValidationError({field: problem})
    cin = normalize_cin(cin)
    taken = Beneficiary.objects.filter(cin=cin)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    other = taken.first()
    if other is not None:
        raise ValidationError(
            {
                field: f"Le CIN {cin} est déjà enregistré : {other.full_name}, "
                f"immatriculation {other.registration_number} (rang {other.rank})."
            }
        )
    return cin


def _check_family_duplicate(member: Member, last_name: str, first_name: str, birth_date: date):
    key = name_key(last_name, first_name)
    if member.beneficiaries.filter(name_key=key, birth_date=birth_date).exists():
        raise ValidationError(
            {
                "first_name": f"{last_name} {first_name}, né(e) le {birth_date:%d/%m/%Y}, "
                f"figure déjà dans la famille de l'immatriculation {member.registration_number}."
            }
        )


def _clean(instance, exclude=()) -> None:
    instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)


# ---- members and dependents ------------------------------------------------------------------


def employer_create(*, name: str, kind: str, scheme: Scheme, **fields) -> Employer:
    employer = Employer(name=name, kind=kind, scheme=scheme, **fields)
    _clean(employer)
    with transaction.atomic():
        employer.save()
        audit_change(employer)
    return employer


@transaction.atomic
def member_register(
    *,
    scheme: Scheme,
    cin: str,
    last_name: str,
    first_name: str,
    birth_date: date,
    sex: str,
    registered_on: date,
    status: str = "active",
    employer: Employer | None = None,
    mutuelle=None,
    rib: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    city=None,
) -> Member:
    if not cin:
        raise ValidationError({"cin": "Le CIN de l'assuré principal est obligatoire."})
    cin = _check_cin(cin)
    member = Member(
        cin=cin,
        last_name=last_name.strip(),
        first_name=first_name.strip(),
        birth_date=birth_date,
        sex=sex,
        status=status,
        scheme=scheme,
        employer=employer,
        mutuelle=mutuelle,
        registered_on=registered_on,
        rib=normalize_rib(rib) if rib else "",
        phone=phone,
        email=email,
        address=address,
        city=city,
        registration_number=registration_number_next(),
    )
    _clean(member)
    member.save()
    _beneficiary_sync(member=member)
    if employer is not None and status == "active":
        LifeEvent.objects.create(
            member=member, kind=LifeEventKind.HIRE, occurred_on=registered_on, employer=employer
        )
    audit_change(member)
    member_rights_recompute(member=member)
    return member


@transaction.atomic
def dependent_add(
    *,
    member: Member,
    relationship: str,
    last_name: str,
    first_name: str,
    birth_date: date,
    sex: str,
    linked_on: date | None = None,
    cin: str = "",
    student_until: date | None = None,
    disabled: bool = False,
    disability_until: date | None = None,
) -> Dependent:
    cin = _check_cin(cin)
    _check_family_duplicate(member, last_name.strip(), first_name.strip(), birth_date)
    if relationship == Relationship.CHILD and linked_on is None:
        linked_on = birth_date
    if linked_on is None:
        raise ValidationError({"linked_on": "Indiquer la date du mariage ou de l'ajout."})
    dependent = Dependent(
        member=member,
        relationship=relationship,
        cin=cin,
        last_name=last_name.strip(),
        first_name=first_name.strip(),
        birth_date=birth_date,
        sex=sex,
        linked_on=linked_on,
        student_until=student_until,
        disabled=disabled,
        disability_until=disability_until,
    )
    _clean(dependent, exclude=["member"])
    dependent.save()
    audit_change(dependent)
    _beneficiary_sync(member=member)
    member_rights_recompute(member=member)
    return dependent


PROOF_FIELDS = {"student_until", "disabled", "disability_until", "married_on", "linked_on"}


@transaction.atomic
def dependent_update(*, dependent: Dependent, **fields) -> Dependent:
    """Change a dependent's proofs or dates (student certificate, disability, marriage)."""
    unknown = set(fields) - PROOF_FIELDS
    if unknown:
        raise ValidationError({name: "Champ non modifiable ici." for name in sorted(unknown)})
    before = snapshot(dependent, fields)
    for name, value in fields.items():
        setattr(dependent, name, value)
    _clean(dependent, exclude=["member"])
    dependent.save()
    audit_change(dependent, before)
    member_rights_recompute(member=dependent.member)
    return dependent


def _beneficiary_sync(*, member: Member) -> None:
    """Create or refresh the Beneficiary row of the member and of each dependent."""
    people = [(None, member)] + [(d, d) for d in member.dependents.all()]
    existing = {b.dependent_id: b for b in member.beneficiaries.all()}
    next_rank = max((b.rank for b in existing.values()), default=0) + 1
    for dependent, person in people:
        row = existing.get(dependent.pk if dependent else None)
        if row is None:
            role = BeneficiaryRole.MEMBER if dependent is None else dependent.relationship
            rank = 0 if dependent is None else next_rank
            next_rank += dependent is not None
            row = Beneficiary(member=member, dependent=dependent, role=role, rank=rank)
        row.registration_number = member.registration_number
        row.cin = normalize_cin(person.cin) if person.cin else ""
        row.last_name, row.first_name = person.last_name, person.first_name
        row.name_key = name_key(person.last_name, person.first_name)
        row.birth_date = person.birth_date
        row.scheme_id = member.scheme_id
        row.save()


# ---- life events -----------------------------------------------------------------------------

NEEDS_DEPENDENT = {
    LifeEventKind.MARRY: Relationship.SPOUSE,
    LifeEventKind.DIVORCE: Relationship.SPOUSE,
    LifeEventKind.BIRTH: Relationship.CHILD,
}


@transaction.atomic
def life_event_record(
    *,
    member: Member,
    kind: str,
    occurred_on: date,
    dependent: Dependent | None = None,
    employer: Employer | None = None,
    note: str = "",
) -> LifeEvent:
    """Record a hiring, leaving, retirement, marriage, divorce, birth or death; recompute."""
    if kind not in LifeEventKind.values:
        raise ValidationError({"kind": f"Événement inconnu : « {kind} »."})
    if dependent is not None and dependent.member_id != member.pk:
        raise ValidationError({"dependent": "Cet ayant droit n'appartient pas à cet assuré."})
    wanted = NEEDS_DEPENDENT.get(kind)
    if wanted and (dependent is None or dependent.relationship != wanted):
        label = "un conjoint" if wanted == Relationship.SPOUSE else "un enfant"
        raise ValidationError({"dependent": f"Cet événement concerne {label} de l'assuré."})
    if kind in (LifeEventKind.HIRE, LifeEventKind.LEAVE, LifeEventKind.RETIRE) and dependent:
        raise ValidationError({"dependent": "Cet événement concerne l'assuré lui-même."})
    if kind == LifeEventKind.HIRE and employer is None:
        raise ValidationError({"employer": "Indiquer l'employeur de l'embauche."})
    if occurred_on < member.birth_date:
        raise ValidationError({"occurred_on": "La date précède la naissance de l'assuré."})
    if (
        kind == LifeEventKind.DEATH
        and LifeEvent.objects.filter(member=member, kind=kind, dependent=dependent).exists()
    ):
        raise ValidationError({"kind": "Le décès est déjà enregistré."})
    event = LifeEvent.objects.create(
        member=member,
        kind=kind,
        occurred_on=occurred_on,
        dependent=dependent,
        employer=employer,
        note=note,
    )
    before = snapshot(member, ["employer", "status"])
    if kind == LifeEventKind.HIRE:
        member.employer, member.status = employer, "active"
        member.save(update_fields=["employer", "status"])
    elif kind == LifeEventKind.RETIRE:
        member.status = "retired"
        member.save(update_fields=["status"])
    audit_write_many(changes=[change_of(event), change_of(member, before)])
    member_rights_recompute(member=member)
    return event


@transaction.atomic
def rights_suspend(
    *, member: Member, starts_on: date, ends_on: date | None, reason: str
) -> RightsSuspension:
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "La fin précède le début."})
    suspension = RightsSuspension.objects.create(
        member=member, starts_on=starts_on, ends_on=ends_on, reason=reason
    )
    audit_change(suspension, reason=reason)
    member_rights_recompute(member=member)
    return suspension


# ---- ALD exemptions --------------------------------------------------------------------------


def _exemption_end(condition: AldCondition, scheme_id: int, starts_on: date) -> date | None:
    if condition.lifetime_exemption:
        return None
    years = SchemeParameter.in_force(
        starts_on, scheme_id=scheme_id, code=ParameterCode.ALD_EXEMPTION_YEARS
    ).value
    return core.add_years(starts_on, int(years)) - timedelta(days=1)


@transaction.atomic
def ald_exemption_grant(
    *, beneficiary: Beneficiary, condition: AldCondition, starts_on: date, decision_ref: str = ""
) -> AldExemption:
    """Grant the exemption: 5 years (ALD_EXEMPTION_YEARS) or lifetime for listed conditions."""
    overlapping = beneficiary.exemptions.filter(condition=condition).exclude(ends_on__lt=starts_on)
    if overlapping.exists():
        raise ValidationError(
            {
                "condition": f"Une exonération {condition.code} est déjà en cours pour ce bénéficiaire."
            }
        )
    exemption = AldExemption.objects.create(
        beneficiary=beneficiary,
        condition=condition,
        starts_on=starts_on,
        ends_on=_exemption_end(condition, beneficiary.scheme_id, starts_on),
        decision_ref=decision_ref,
    )
    audit_change(exemption, reason=decision_ref)
    member_rights_recompute(member=beneficiary.member)
    return exemption


@transaction.atomic
def ald_exemption_renew(*, exemption: AldExemption, decision_ref: str = "") -> AldExemption:
    """A new period starting the day after the current one ends."""
    exemption = AldExemption.objects.select_for_update().get(pk=exemption.pk)
    if exemption.ends_on is None:
        raise ValidationError({"ends_on": "Exonération à vie : pas de renouvellement."})
    if AldExemption.objects.filter(renewal_of=exemption).exists():
        raise ValidationError({"renewal_of": "Cette exonération a déjà été renouvelée."})
    starts_on = exemption.ends_on + timedelta(days=1)
    renewal = AldExemption.objects.create(
        beneficiary=exemption.beneficiary,
        condition=exemption.condition,
        starts_on=starts_on,
        ends_on=_exemption_end(exemption.condition, exemption.beneficiary.scheme_id, starts_on),
        renewal_of=exemption,
        decision_ref=decision_ref,
    )
    audit_change(renewal, reason=decision_ref)
    member_rights_recompute(member=exemption.beneficiary.member)
    return renewal


# ---- rights ----------------------------------------------------------------------------------


def _contribution_days(member: Member) -> dict[date, int]:
    try:
        from openamo.contributions.selectors import contribution_days_by_month
    except ImportError:  # the contributions app has not landed: no declared days
        return {}
    return contribution_days_by_month(member_ids=[member.pk]).get(member.pk, {})


def scheme_rules(scheme_id: int) -> core.SchemeRules:
    rows = SchemeParameter.objects.filter(scheme_id=scheme_id).values_list(
        "code", "valid_from", "valid_to", "value"
    )
    return core.SchemeRules(tuple(core.ParameterRow(*row) for row in rows))


def family_history(member: Member, beneficiaries: list[Beneficiary]) -> core.FamilyHistory:
    with_ald = set(
        AldExemption.objects.filter(beneficiary__member=member).values_list(
            "beneficiary_id", flat=True
        )
    )
    persons = []
    for b in beneficiaries:
        d = b.dependent
        persons.append(
            core.Person(
                key=b.pk,
                role=b.role,
                birth_date=b.birth_date,
                linked_on=d.linked_on if d else None,
                student_until=d.student_until if d else None,
                disabled=d.disabled if d else False,
                disability_until=d.disability_until if d else None,
                married_on=d.married_on if d else None,
                has_ald=b.pk in with_ald,
            )
        )
    key_of = {b.dependent_id: b.pk for b in beneficiaries if b.dependent_id}
    events = tuple(
        core.Event(e.kind, e.occurred_on, key_of.get(e.dependent_id) if e.dependent_id else None)
        for e in member.events.all()
    )
    return core.FamilyHistory(
        registered_on=member.registered_on,
        status=member.status,
        persons=tuple(persons),
        events=events,
        contribution_days=_contribution_days(member),
        suspensions=tuple(member.suspensions.values_list("starts_on", "ends_on")),
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@transaction.atomic
def member_rights_recompute(*, member: Member) -> list[core.BeneficiaryRights]:
    """Derive every beneficiary's rights periods and store them with the lookup snapshot."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    _beneficiary_sync(member=member)
    beneficiaries = list(member.beneficiaries.select_related("dependent").order_by("rank"))
    before = {b.pk: (b.rights or {}).get("p") for b in beneficiaries}
    results = core.rights_compute(
        family_history(member, beneficiaries), scheme_rules(member.scheme_id)
    )
    by_key = {r.key: r for r in results}
    RightsPeriod.objects.filter(beneficiary__member=member).delete()
    RightsPeriod.objects.bulk_create(
        RightsPeriod(
            beneficiary_id=r.key,
            kind=s.kind,
            starts_on=s.start,
            ends_on=s.end,
            reason=REASONS[s.kind],
        )
        for r in results
        for s in r.spans
    )
    exemptions = {}
    for x in AldExemption.objects.filter(beneficiary__member=member).select_related("condition"):
        exemptions.setdefault(x.beneficiary_id, []).append(
            [x.condition.code, x.condition.label, _iso(x.starts_on), _iso(x.ends_on)]
        )
    for b in beneficiaries:
        r = by_key[b.pk]
        b.deceased_on, b.age_limit_on = r.deceased_on, r.age_limit_on
        b.rights = {
            "p": [[_iso(s.start), _iso(s.end), s.kind] for s in r.spans],
            "x": exemptions.get(b.pk, []),
        }
    Beneficiary.objects.bulk_update(beneficiaries, ["deceased_on", "age_limit_on", "rights"])
    audit_write_many(
        changes=value_changes(beneficiaries, before, "rights", lambda b: b.rights["p"])
    )
    Member.objects.filter(pk=member.pk).update(rights_computed_at=timezone.now())
    return list(results)
