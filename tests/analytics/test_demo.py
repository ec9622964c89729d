"""The demo rebuilds the analytical copy at its end, and its analyst account opens the
dashboards."""

from django.test import Client
from django.urls import reverse

from openamo.analytics import store
from openamo.analytics.demo import analytics_demo
from openamo.synth.accounts import demo_accounts_reset


def test_the_demo_copy_and_the_analyst_account(families):
    steps = []
    rows = analytics_demo(step=steps.append)
    assert steps == ["Copie analytique pour le pilotage"] and rows > 0
    assert store.table_state("lines")["rows"] == 3
    accounts = {username: password for _, username, password in demo_accounts_reset()}
    client = Client()
    assert client.login(username="analyste", password=accounts["analyste"])
    response = client.get(reverse("portal:analytics:taux"))
    assert response.status_code == 200 and response.context["figures"]
