"""The dashboards read the analytical copy, scoped to the audience: the analyst sees the fund
(or one delegation), an employer its own members only; every figure exports to CSV and XLSX."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from openamo.analytics.extract import analytics_refresh
from openamo.members.models import Member
from openamo.portal.models import PortalAccess
from openamo.portal.roles import Role, roles_sync, user_role_grant
from tests.contributions.helpers import employer_make

SLUGS = ("effectifs", "cotisations", "consommation", "delais", "reclamations", "taux")


@pytest.fixture
def analyst(client, families):
    roles_sync()
    user = get_user_model().objects.create_user("analyste", password="x", is_staff=True)
    user_role_grant(user=user, role=Role.ANALYST)
    client.force_login(user)
    return user


def figure_rows(response, figure_id):
    return next(f.rows for f in response.context["figures"] if f.id == figure_id)


def test_the_analyst_sees_every_dashboard_of_the_fund_and_exports_it(client, analyst):
    analytics_refresh()
    for slug in SLUGS:
        response = client.get(reverse(f"portal:analytics:{slug}"))
        assert response.status_code == 200, slug
        assert response.context["figures"], slug
    response = client.get(reverse("portal:analytics:effectifs"))
    roles = figure_rows(response, "effectif-role")
    assert sorted(r[1] for r in roles) == [1, 2] and "Enfant" in [str(r[0]) for r in roles]
    response = client.get(reverse("portal:analytics:consommation"))
    cost = figure_rows(response, "cout-moyen")
    assert [str(v) for _, v in cost] == ["117.33", "117.33"]  # 352.00 DH over 3 beneficiaries
    csv = client.get(reverse("portal:analytics:consommation") + "?figure=cout-moyen&format=csv")
    body = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert "117,33" in body
    xlsx = client.get(reverse("portal:analytics:taux") + "?figure=taux&format=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd")
    # a title with a colon still names a sheet (Excel forbids : / ? * [ ] in sheet names)
    xlsx = client.get(reverse("portal:analytics:delais") + "?figure=tiers-payant&format=xlsx")
    assert xlsx.status_code == 200
    home = client.get(reverse("portal:home"))
    assert reverse("portal:analytics:effectifs") in home.content.decode()


def test_a_delegation_filter_and_an_employer_see_only_their_members(client, analyst, families):
    member, other, claims = families
    analytics_refresh()
    delegation = Member.objects.filter(pk=other.pk).values_list("city__delegation_id", flat=True)[0]
    url = reverse("portal:analytics:effectifs")
    response = client.get(f"{url}?delegation={delegation}")
    assert sum(r[1] for r in figure_rows(response, "effectif-sex")) >= 1
    employer = employer_make(other.scheme)
    row = Member.objects.get(pk=other.pk)
    row.employer = employer
    row.save()  # recorded in the member's history: the refresh reads the row again
    analytics_refresh()
    user = get_user_model().objects.create_user("rh", password="x")
    PortalAccess.objects.create(user=user, role="employer", employer=employer)
    client.force_login(user)
    response = client.get(url)
    assert sum(r[1] for r in figure_rows(response, "effectif-sex")) == 1
    response = client.get(reverse("portal:analytics:consommation"))
    assert [str(v) for _, v in figure_rows(response, "cout-moyen")] == ["96.00", "96.00"]
    assert "gros-consommants" not in [f.id for f in response.context["figures"]]
    assert client.get(reverse("portal:analytics:taux")).status_code == 403
