"""Builders for the members tests (database side)."""

from datetime import date

from openamo.members import services
from openamo.referentials.models import AldCondition

AMO_START = date(2005, 9, 1)


def member_make(scheme, *, cin="AB123456", last_name="Alaoui", first_name="Karim", **kw):
    kw.setdefault("birth_date", date(1980, 5, 10))
    kw.setdefault("sex", "M")
    kw.setdefault("registered_on", date(2010, 1, 1))
    return services.member_register(
        scheme=scheme, cin=cin, last_name=last_name, first_name=first_name, **kw
    )


def child_add(member, *, first_name="Salma", birth_date=date(2003, 3, 15), **kw):
    return services.dependent_add(
        member=member,
        relationship="child",
        last_name=member.last_name,
        first_name=first_name,
        birth_date=birth_date,
        sex="F",
        **kw,
    )


def spouse_add(member, *, first_name="Nadia", linked_on=date(2008, 6, 1), **kw):
    return services.dependent_add(
        member=member,
        relationship="spouse",
        last_name="Bennani",
        first_name=first_name,
        birth_date=date(1982, 1, 1),
        sex="F",
        linked_on=linked_on,
        **kw,
    )


def condition_make(code="ALD8", *, lifetime=False, label="Diabète insulino-dépendant"):
    return AldCondition.objects.create(
        code=code,
        number=int(code[3:]),
        label=label,
        icd10_codes="E10",
        lifetime_exemption=lifetime,
        valid_from=AMO_START,
    )
