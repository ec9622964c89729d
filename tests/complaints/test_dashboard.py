"""The complaints dashboard: figures (nearest-rank median and p90, share answered within 48 h
among the complaints whose answer is known), and who sees which complaints: the employer its
employees', the broker its mandates', the staff the whole fund."""

from datetime import date, datetime, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from openamo.complaints import services, stats
from openamo.complaints.models import Category
from openamo.members.models import Broker, BrokerMandate, Member
from openamo.portal.models import PortalAccess
from tests.contributions.helpers import employer_make

T0 = datetime(2026, 11, 16, 9, 30, tzinfo=ZoneInfo("Africa/Casablanca"))
H = timedelta(hours=1)


def test_the_figures_of_a_set_of_complaints():
    now = T0 + 100 * H
    rows = [
        stats.Row("Remboursements", T0, T0 + h * H, T0 + 4 * h * H if h < 50 else None)
        for h in (2, 10, 30, 50, 70)
    ] + [
        stats.Row("Paiements", now - 60 * H, None, None),  # 60 h without an answer: missed
        stats.Row("Paiements", now - 1 * H, None, None),  # too early to tell
    ]
    board = stats.dashboard(rows, now=now)
    assert (board.total, board.open, board.closed) == (7, 4, 3)
    assert board.by_nature == [("Remboursements", 2, 3), ("Paiements", 2, 0)]
    assert (board.answer_median_h, board.answer_p90_h) == (D("30.0"), D("70.0"))
    assert (board.closure_median_d, board.closure_p90_d) == (D("1.7"), D("5.0"))
    assert board.share_48h == D("50.0")  # 3 of the 6 known
    assert [(m.label, m.filed, m.closed) for m in board.months] == [("2026-11", 7, 3)]
    assert stats.dashboard([], now=now).share_48h is None
    assert stats.percentile([5.0], 90) == 5.0


@pytest.mark.django_db
def test_employers_and_brokers_see_their_portfolios_complaints_only(client, world, cnops):
    ministry, office = employer_make(cnops), employer_make(cnops, name="Office Régional")
    Member.objects.filter(pk=world.member.pk).update(employer=ministry)
    Member.objects.filter(pk=world.other.pk).update(employer=office)
    category = Category.objects.get(code="remb_rejet")
    mine = services.complaint_file(
        member=world.member, by=world.insured, category=category, title="Rejet", body="?", now=T0
    )
    theirs = services.complaint_file(
        member=world.other,
        by=world.agent,
        category=category,
        title="Rejet",
        body="?",
        channel="phone",
        now=T0,
    )
    services.complaint_message_post(
        complaint=mine, by=world.agent, body="Réponse.", from_staff=True, now=T0 + 5 * H
    )
    users = get_user_model().objects
    hr = users.create_user("rh", password="x")
    PortalAccess.objects.create(user=hr, role="employer", employer=ministry)
    broker = Broker.objects.create(name="Atlas Courtage", acaps_number="ACAPS-1")
    BrokerMandate.objects.create(broker=broker, employer=ministry, valid_from=date(2024, 1, 1))
    courtier = users.create_user("courtier", password="x")
    PortalAccess.objects.create(user=courtier, role="broker", broker=broker)

    for user, url in (
        (hr, reverse("portal:complaints:employer")),
        (courtier, reverse("portal:complaints:broker")),
    ):
        client.force_login(user)
        page = client.get(url)
        html = page.content.decode()
        assert mine.reference in html and theirs.reference not in html
        assert page.context["board"].total == 1 and page.context["board"].share_48h == D("100.0")
        assert "Pourquoi" not in html  # natures and statuses, never the messages
    assert client.get(reverse("portal:complaints:employer")).status_code == 404  # a broker

    client.force_login(world.agent)
    page = client.get(reverse("portal:complaints:dashboard"))
    assert page.context["board"].total == 2
    assert [c.id for c in page.context["charts"]] == ["par-nature", "par-mois", "sous-48h"]
    client.force_login(world.insured)
    assert client.get(reverse("portal:complaints:dashboard")).status_code == 403
