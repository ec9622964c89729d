"""A family with an insured login, an employer with its agent; the local SMTP server and SMS
gateway the worker talks to (real sockets, not mocks)."""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model

from openamo.members.models import Employer
from openamo.portal.models import PortalAccess
from tests.authorizations.conftest import _fresh_tariffs, fund  # noqa: F401
from tests.members.helpers import member_make

from .servers import Gateway, sms_start, smtp_start


@dataclass
class World:
    member: object
    holder: object
    insured: object
    other: object
    employer: object
    employer_user: object


@pytest.fixture
def world(cnops):
    users = get_user_model().objects
    member = member_make(cnops, phone="0612345678", email="karim@example.ma")
    other = member_make(cnops, cin="ZZ998877", last_name="Tazi", first_name="Omar")
    insured = users.create_user("assure", password="Assure-pw-2026", email="")
    PortalAccess.objects.create(user=insured, role="insured", member=member)
    employer = Employer.objects.create(
        name="Atlas SA", kind="company", scheme=cnops, email="rh@atlas.ma", phone="0522000000"
    )
    boss = users.create_user("rh", password="Rh-pw-2026", email="drh@atlas.ma")
    PortalAccess.objects.create(user=boss, role="employer", employer=employer)
    return World(member, member.beneficiaries.get(rank=0), insured, other, employer, boss)


@pytest.fixture
def smtp(settings):
    controller, mailbox = smtp_start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_TIMEOUT = 5
    yield mailbox
    controller.stop()


@pytest.fixture
def gateway(settings):
    fake = Gateway()
    server = sms_start(fake)
    settings.OPENAMO_SMS_GATEWAY = "http"
    settings.OPENAMO_SMS_URL = f"http://127.0.0.1:{server.server_port}/sms"
    settings.OPENAMO_SMS_TOKEN = fake.token
    fake.port = server.server_port
    yield fake
    server.shutdown()
    server.server_close()
