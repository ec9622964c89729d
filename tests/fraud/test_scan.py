"""The after-payment scan: alerts deduplicated across runs, each run recorded with its
watermark, incremental runs reading only new lines and the windows they touch."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.management import call_command

from openamo.claims.services import claim_adjudicate
from openamo.fraud.models import Alert, ScanRun
from openamo.fraud.scan import fraud_scan
from openamo.referentials import models as ref
from tests.claims.db_builders import family_create, providers_create, tariffs_create
from tests.claims.ui_helpers import claim_make, consultation, medicine

pytestmark = pytest.mark.django_db
TODAY = date(2025, 6, 1)


@pytest.fixture
def family(cnops, settings):
    settings.OPENAMO_PREPAYMENT_SCREEN = ""  # only the scan raises alerts here
    tariffs_create()
    providers_create()
    ref.ControlParameter.objects.create(
        code="max_boxes_per_line", value=6, valid_from=date(2020, 1, 1)
    )
    return family_create(cnops)


def test_a_second_run_updates_the_alerts_and_never_duplicates(family):
    member, _ = family
    claim = claim_adjudicate(claim=claim_make(member, consultation(), medicine(quantity=D(10))))
    first = fraud_scan(detectors=["rules"], today=TODAY)
    assert (first.lines, first.alerts_created, first.alerts_updated) == (2, 1, 0)
    alert = Alert.objects.get()
    assert alert.detector == "rule:quantity_beyond_duration" and alert.beneficiary_id == member.pk
    assert alert.evidence["lines"] == [claim.lines.get(number=2).pk]
    assert alert.amount_at_stake == claim.statements.get().lines.get(number=2).reimbursed
    second = fraud_scan(detectors=["rules"], today=TODAY)
    assert Alert.objects.count() == 1 and second.watermark == first.watermark
    assert second.durations["extract"] >= 0 and ScanRun.objects.count() == 2


def test_an_incremental_run_reads_the_new_lines_with_their_window(family):
    member, child = family
    claim_adjudicate(claim=claim_make(member, consultation(), medicine(quantity=D(10))))
    first = fraud_scan(detectors=["rules"], today=TODAY)
    claim_adjudicate(claim=claim_make(child, medicine(quantity=D(12))))
    second = fraud_scan(detectors=["rules"], today=TODAY)
    assert second.watermark > first.watermark
    assert (second.alerts_created, second.alerts_updated) == (1, 0)  # only the child's window
    assert Alert.objects.count() == 2


def test_unknown_detector_is_refused_and_the_command_runs(family, capsys):
    with pytest.raises(ValueError, match="détecteur inconnu : magic"):
        fraud_scan(detectors=["magic"])
    call_command("fraud_scan", "--detectors", "rules", "peer_groups")
    assert "lignes lues" in capsys.readouterr().out
