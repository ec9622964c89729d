"""The figures the employer's and the broker's homes add to their tables: contributions called
and paid per period (the employer's own calls, or the portfolio's)."""

from django.db.models import Sum

from openamo.contributions.models import ContributionCall, ReceiptAllocation
from openamo.core.money import ZERO, money

from ..charts import Chart, Series
from . import months_back

TREND_MONTHS = 12


def _chart(chart_id: str, span, called: dict, paid: dict) -> Chart:
    return Chart(
        id=chart_id,
        title="Cotisations appelées et payées par période",
        labels=[d.strftime("%m/%Y") for d in span],
        series=[
            Series("Appelées", [money(called.get(d, ZERO)) for d in span]),
            Series("Payées", [money(paid.get(d, ZERO)) for d in span], "#3c8d5a"),
        ],
        unit="DH",
        height=240,
    )


def employer_calls_chart(calls, *, today) -> Chart:
    """From the employer's calls already read (`paid` annotated): no further query."""
    span = months_back(today, TREND_MONTHS)
    called, paid = {}, {}
    for call in calls:
        called[call.period] = called.get(call.period, ZERO) + call.amount_due
        paid[call.period] = paid.get(call.period, ZERO) + call.paid
    return _chart("chart-cotisations-employeur", span, called, paid)


def portfolio_calls_chart(employers, *, today) -> Chart:
    """Two grouped queries over the portfolio's employers (a queryset of ids)."""
    span = months_back(today, TREND_MONTHS)
    calls = ContributionCall.objects.filter(employer__in=employers, period__gte=span[0])
    called = dict(calls.values_list("period").annotate(t=Sum("amount_due")).order_by())
    paid = dict(
        ReceiptAllocation.objects.filter(call__in=calls.values("pk"))
        .values_list("call__period")
        .annotate(t=Sum("amount"))
        .order_by()
    )
    return _chart("chart-cotisations-portefeuille", span, called, paid)
