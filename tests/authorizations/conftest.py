import pytest

from openamo.authorizations.selectors import tariffs_cache_clear
from tests.authorizations.builders import family_create, referential_create


@pytest.fixture(autouse=True)
def _fresh_tariffs():
    tariffs_cache_clear()
    yield
    tariffs_cache_clear()


@pytest.fixture
def fund(cnops):
    rabat = referential_create(cnops)
    member, child = family_create(cnops, rabat)
    return member, child


@pytest.fixture
def admitted(fund, django_user_model):
    """The clinic, the dialysis centre and the lab admitted to direct billing by a user."""
    from datetime import date

    from openamo.authorizations.services import agreement_apply, agreement_decide
    from tests.authorizations.builders import CLINIC, DIALYSIS_CENTRE, LAB, provider

    officer = django_user_model.objects.create_user("conventions", password="x")
    for inpe, categories in [
        (CLINIC, ["surgery", "hospitalisation", "technical_act"]),
        (DIALYSIS_CENTRE, ["dialysis"]),
        (LAB, ["biology"]),
    ]:
        agreement = agreement_apply(
            provider=provider(inpe),
            care_categories=categories,
            starts_on=date(2020, 1, 1),
            rib="011780000012345678901296",
            anam_registration=f"ANAM-{inpe}",
        )
        agreement_decide(agreement=agreement, approve=True, user=officer)
    return fund


from tests.documents.conftest import document_files  # noqa: E402, F401 (files under tmp_path)
