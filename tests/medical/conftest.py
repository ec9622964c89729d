import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _medical_referentials(request):
    """The data migrations' sample rows, again: a transactional test run before in the same
    process (browser journeys) empties every table."""
    if "db" not in request.fixturenames and "cnops" not in request.fixturenames:
        return
    request.getfixturevalue("db")
    medical_seed()


def medical_seed() -> None:
    from openamo.medical import models as m
    from openamo.medical.seed import protocols_load, seed_load
    from openamo.referentials.models import DocumentType

    seed_load(DocumentType, m.AldDocumentRule, m.MedicalDelay, m.DecisionTemplate)
    protocols_load(m.TherapeuticProtocol)
