"""Model fields and validators built on the core kernel."""

from django.core.exceptions import ValidationError
from django.db import models

from openamo.core import identifiers


def _validator(problem):
    def validate(value):
        if value not in (None, "") and (reason := problem(value)):
            raise ValidationError(reason)

    validate.__name__ = validate.__qualname__ = "validate_" + problem.__name__.removesuffix(
        "_problem"
    )
    return validate


validate_cin = _validator(identifiers.cin_problem)
validate_inpe = _validator(identifiers.inpe_problem)
validate_ean13 = _validator(identifiers.ean13_problem)
validate_rib = _validator(identifiers.rib_problem)
validate_iban = _validator(identifiers.iban_problem)
validate_icd10 = _validator(identifiers.icd10_problem)


def validate_icd10_list(value: str) -> None:
    bad = [c for c in split_codes(value) if identifiers.icd10_problem(c)]
    if bad:
        raise ValidationError(f"code(s) CIM-10 invalide(s) : {', '.join(bad)}")


def split_codes(value: str) -> list[str]:
    return [c.strip().upper() for c in str(value or "").replace(";", ",").split(",") if c.strip()]


class MoneyField(models.DecimalField):
    """An amount in dirhams: 12 digits, 2 decimals."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)


class RateField(models.DecimalField):
    """A percentage with up to 3 decimals (2.26, 1.850, 100)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 6)
        kwargs.setdefault("decimal_places", 3)
        super().__init__(*args, **kwargs)
