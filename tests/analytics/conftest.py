import pytest

from tests.authorizations.conftest import _fresh_tariffs, admitted, fund  # noqa: F401
from tests.payments.builders import RIB_A, claim_paid_by_fund, other_member, rib_set


@pytest.fixture(autouse=True)
def _today(frozen_day):
    return frozen_day


@pytest.fixture(autouse=True)
def copy_dir(tmp_path, monkeypatch):
    """Each test has its own analytical copy."""
    monkeypatch.setenv("OPENAMO_ANALYTICS_DIR", str(tmp_path / "analytics"))
    return tmp_path / "analytics"


@pytest.fixture
def families(fund, cnops):  # noqa: F811
    """Two families, three adjudicated claims: 64.00, 192.00 and 96.00 DH reimbursed."""
    from datetime import timedelta

    from tests.payments.builders import DAY

    member, child = fund
    rib_set(member.member, RIB_A)
    other = other_member(cnops)
    claims = [
        claim_paid_by_fund(member),
        claim_paid_by_fund(child, day=DAY + timedelta(days=1), coefficient=3),
        claim_paid_by_fund(other.beneficiaries.get(rank=0), coefficient="1.5"),
    ]
    return member.member, other, claims
