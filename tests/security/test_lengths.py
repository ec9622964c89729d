"""Finding 6: a text longer than its column is refused by the claim service itself, whatever
the entry point (REST and files are refused earlier, FHIR and forms reach this check), so
SQLite, which does not enforce lengths, never stores it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from openamo.claims.models import Claim
from openamo.claims.services import LineInput, claim_submit
from tests.claims.db_builders import GP, family_create, providers_create, tariffs_create


@pytest.mark.parametrize("field", ["code", "ald_code", "authorization_ref", "prescriber_inpe"])
def test_the_claim_service_refuses_a_text_longer_than_its_column(cnops, field):
    tariffs_create()
    providers_create()
    member, _ = family_create(cnops)
    values = {"kind": "act", "code": "C", "care_date": date(2025, 3, 10), "executor_inpe": GP}
    values[field] = "A" * 10_000
    with pytest.raises(ValidationError) as refused:
        claim_submit(
            beneficiary=member,
            channel="electronic",
            deposit_date=date(2025, 3, 20),
            lines=[LineInput(**values)],
        )
    assert refused.value.message_dict == {
        f"lines.1.{field}": [
            "texte trop long (au plus "
            f"{Claim.lines.rel.related_model._meta.get_field(field).max_length} caractères)"
        ]
    }
    assert Claim.objects.count() == 0
