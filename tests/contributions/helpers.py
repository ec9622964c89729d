"""Builders for the contributions tests (database side)."""

from datetime import date

from openamo.core.tabular import Row
from openamo.members import services as members
from openamo.members.models import Mutuelle

HEADER = "immatriculation;cin;salaire_brut;jours;statut"


def employer_make(scheme, name="Ministère de la Santé", **kw):
    kind = "public_administration" if scheme.code == "cnops" else "company"
    return members.employer_create(name=name, kind=kind, scheme=scheme, **kw)


def member_make(scheme, employer, cin, *, status="active", mutuelle=False, **kw):
    kw.setdefault("registered_on", date(2010, 1, 1))
    if mutuelle:
        kw["mutuelle"], _ = Mutuelle.objects.get_or_create(code="mgpap", name="MGPAP")
    return members.member_register(
        scheme=scheme,
        cin=cin,
        last_name="Alaoui",
        first_name=cin,
        birth_date=date(1980, 5, 10),
        sex="M",
        status=status,
        employer=employer,
        **kw,
    )


def csv_bytes(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


def rows(*lines: dict) -> list[Row]:
    return [Row(i + 2, {k: str(v) for k, v in line.items()}) for i, line in enumerate(lines)]
