"""A chart renders its spec for the script and the same figures in a table beside it."""

import json
from decimal import Decimal

from django.template.loader import render_to_string

from openamo.portal.charts import Chart, Series


def test_chart_renders_spec_and_table():
    chart = Chart(
        id="paid",
        title="Montants payés",
        labels=["01/11", "02/11"],
        series=[Series("Payé", [Decimal("12345.50"), Decimal("0")])],
        unit="DH",
    )
    html = render_to_string("portal/_chart.html", {"chart": chart})
    start = html.index('<script id="paid-data"')
    spec = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    assert spec["labels"] == ["01/11", "02/11"]
    assert spec["datasets"][0]["data"] == ["12345.50", "0"]
    assert 'data-chart="paid-data"' in html
    assert "12\u202f345,5&nbsp;DH" in html
