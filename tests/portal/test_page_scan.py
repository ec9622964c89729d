"""Every page each demo role reaches by following links from its home, on a small synthetic
fund: no raw internal code, no English Django error page, no 5xx, no rate with three decimals."""

import os

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client

from openamo.authorizations.billing import BillingReason
from openamo.authorizations.rules import Rule
from openamo.claims.reasons import Reason
from openamo.fraud.templatetags.fraud_tags import CODE_LABELS
from openamo.members.eligibility import MESSAGES as ELIGIBILITY
from openamo.referentials.models import Scheme
from tests.clock import FIXED_DAY

from .scan import crawl, text_check

# The marker makes pytest-django set the test database up (it only creates the databases that
# marked tests use); each test then runs in a transaction rolled back over the module's fund.
pytestmark = pytest.mark.django_db

# Words that are choice values and ordinary French (or proper) words a page may print.
FRENCH_WORDS = {
    "active",
    "ambulance",
    "bilan",
    "cadre",
    "clinique",
    "consultation",  # a claim line's kind, and the French word in complaint titles
    "date",
    "delegation",  # a demo login
    "delete",  # Django's own permission names ("Can delete ...") in the groups page
    "file",
    "forfait",
    "hospitalisation",
    "implant",
    "suspension",  # a medicine form ("poudre pour suspension") and a case event
    "dentaire",
    "optique",
    "mutuelle",
    "normal",
    "note",
    "pension",
    "pharmacie",
    "public",
    "radiologie",
    "restrictions",
    "session",
    "transport",
    "urgence",
}


def internal_codes() -> set[str]:
    """Every reason and rule code (the claims engine's, the fraud detectors'), every scheme
    code and every lowercase choice value of OpenAMO's models."""
    codes = {reason.value for reason in (*Reason, *Rule, *BillingReason)} | set(ELIGIBILITY)
    codes |= set(CODE_LABELS)  # the fraud detectors' and rules' codes
    codes |= {code for code in Scheme.objects.values_list("code", flat=True) if code.islower()}
    for model in apps.get_models():
        if not model.__module__.startswith("openamo."):
            continue
        for model_field in model._meta.get_fields():
            for value, _ in getattr(model_field, "flatchoices", None) or ():
                codes.add(str(value))
    return {
        code
        for code in codes
        if code.islower() and code.replace("_", "").replace("-", "").isalpha() and len(code) >= 4
    } - FRENCH_WORDS


@pytest.fixture(scope="module")
def fund(django_db_setup, django_db_blocker):
    """A fund of 200 beneficiaries with its adjudicated claims, payments, fraud scan and cases
    and demo accounts, committed for the module and flushed afterwards."""
    from openamo.fraud.demo import fraud_demo
    from openamo.synth.accounts import demo_accounts_reset
    from openamo.synth.services import fund_generate

    with django_db_blocker.unblock():
        name = str(connection.settings_dict["NAME"])
        assert "memory" in name or "test_" in name, f"pas une base de test : {name}"
        with open(os.devnull, "w") as quiet:
            call_command("load_sample_referentials", verbosity=0, stdout=quiet)
        fund_generate(beneficiaries=200, seed=3, until=FIXED_DAY)
        from openamo.claims.services import claims_adjudicate_pending
        from openamo.synth.payments import demo_payments
        from openamo.synth.span import Span

        claims_adjudicate_pending(source="scan")
        demo_payments(today=FIXED_DAY, since=Span.until(FIXED_DAY).start)
        fraud_demo(today=FIXED_DAY)
        accounts = demo_accounts_reset()
        _capabilities_fill()
        _employer_account()
        yield [username for _, username, _ in accounts] + ["employeur"]
        call_command("flush", interactive=False, verbosity=0)


def _capabilities_fill() -> None:
    """The demo's other capabilities on the small fund, so their pages are scanned with data:
    complementary cover, ALD requests, complaints, inbox messages, the analytical copy."""
    from openamo.analytics.demo import analytics_demo
    from openamo.complaints.demo import complaints_demo
    from openamo.complementary.demo import complementary_demo
    from openamo.medical.demo import ald_queue_fill
    from openamo.notifications.demo import demo_messages

    complementary_demo(today=FIXED_DAY, write=lambda *args: None)
    ald_queue_fill(today=FIXED_DAY, seed=3)
    complaints_demo(today=FIXED_DAY, seed=3)
    demo_messages(today=FIXED_DAY)
    analytics_demo(step=lambda label: None)


def _employer_account() -> None:
    """An employer's login when the demo does not print one."""
    from openamo.members.models import Employer
    from openamo.portal.models import PortalAccess
    from openamo.portal.roles import Role

    user, _ = get_user_model().objects.get_or_create(username="employeur")
    if not PortalAccess.objects.filter(user=user).exists():
        employer = Employer.objects.order_by("pk").first()
        PortalAccess.objects.create(user=user, role=Role.EMPLOYER.value, employer=employer)


ROLES = [
    "admin",
    "liquidateur",
    "medecin",
    "delegation",
    "affiliations",
    "cotisations",
    "paiements",
    "controleur",
    "auditeur",
    "reclamations",
    "analyste",
    "clinique",
    "assure",
    "courtier",
    "mutuelle",
    "employeur",
]


@pytest.mark.parametrize("username", ROLES)
def test_every_reachable_page_speaks_french_to_the_user(fund, username):
    assert username in fund, f"{username} n'est pas un compte de la démonstration"
    codes = internal_codes()
    assert {"late_deposit", "above_tariff", "cnops"} <= codes
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    result = crawl(client, "/", codes, limit=120 if username != "admin" else 200)
    assert len(result.visited) >= 3, result.visited
    assert not result.findings, "\n".join(str(f) for f in result.findings[:40])


def test_the_scanner_sees_what_it_must_refuse():
    codes = {"late_deposit", "cnops"}
    bad = "Rejet : late_deposit · régime cnops · taux 80,000 % · 4.00 % · Page not found"
    problems = " ".join(f.problem for f in text_check("/x/", bad, codes))
    assert "late_deposit" in problems and "cnops" in problems
    assert "80,000" in problems and "4.00 %" in problems and "anglaise" in problems
    fine = "Dépôt tardif · CNOPS · taux 80 % · 1 234,50 DH · 12 345 dossiers"
    assert text_check("/x/", fine, codes) == []
