import os

import pytest
from django.core.management import call_command

from openamo.referentials.models import Scheme

_CACHE: dict = {}


def sample_referentials_load() -> None:
    with open(os.devnull, "w") as quiet:
        call_command("load_sample_referentials", verbosity=0, stdout=quiet)


@pytest.fixture
def catalogue(db):
    """The sample referentials as the generator's pure catalogue: loaded once in the first
    test's transaction, kept as plain data for the others."""
    from openamo.synth.services import catalogue_load

    if "catalogue" not in _CACHE:
        sample_referentials_load()
        _CACHE["catalogue"] = catalogue_load(Scheme.objects.get(code="cnops"))
    return _CACHE["catalogue"]
