"""The fraud controller's and the auditor's morning in the demo fund: the after-payment scan has
run over the year (its alerts raised week after week), and the controller has opened a few
investigation cases from the top alerts — a provider under investigation whose payments are
suspended, a family under investigation, a case just opened — after looking at their 360° views.
The payment hold and the reads of the 360° views are in the audit trail and the read log.

Everything goes through the fraud services (`fraud.scan.fraud_scan`, `fraud.services`), under
the demo's controller account (created here if missing; `synth.accounts` gives it its role and
its password). A second run adds no case.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Mod
from django.urls import reverse
from django.utils import timezone

from openamo.audit.context import acting_as
from openamo.audit.services import access_record
from openamo.members.models import Beneficiary

from .models import Alert, AlertStatus, Case, CaseStatus, ScanRun
from .scan import fraud_scan
from .services import case_move, case_note_add, case_open, case_suspend
from .templatetags.fraud_tags import code_label

CONTROLLER = ("controleur", "Contrôleur (fraude)", "Démo")  # as in synth.accounts.STAFF
ALERT_WEEKS = 8  # the alerts spread over the weekly scans of the last weeks [I]
CASE_ALERTS = 12  # at most so many of a subject's new alerts in its case


@dataclass
class FraudDemo:
    lines: int
    alerts: int
    cases: list[str]
    suspended: str = ""


def _controller():
    username, first, last = CONTROLLER
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last}
    )
    return user


def _spread(run: ScanRun, today: date) -> None:
    """The alerts of the demo's scan raised by weekly scans over the last ALERT_WEEKS weeks
    rather than all this morning (by alert id: one UPDATE per day back)."""
    now = run.started_at
    if today < timezone.localdate():
        now = timezone.make_aware(datetime.combine(today, time(6)))
    days = ALERT_WEEKS * 7
    raised = Alert.objects.filter(created_at=run.started_at).annotate(back=Mod("id", days))
    for back in range(days - 1, -1, -1):
        raised.filter(back=back).update(created_at=now - timedelta(days=back))


def _subject_alerts(alert: Alert) -> list[Alert]:
    """The new alerts on the same subject as `alert` (its provider, or its family), best first."""
    if alert.beneficiary_id:
        family = Beneficiary.objects.filter(pk=alert.beneficiary_id).values("member_id")
        same = Q(beneficiary__member_id__in=family) | Q(member_id__in=family)
    else:
        same = Q(provider_id=alert.provider_id, beneficiary__isnull=True)
    rows = Alert.objects.filter(same, status=AlertStatus.NEW).exclude(pk=alert.pk)
    return [alert, *rows.order_by("-score", "id")[: CASE_ALERTS - 1]]


def _seen(user, case: Case) -> None:
    """The controller's look at the case's subject in the 360° view, in the read log."""
    if case.provider_id and not case.beneficiary_id:
        where = reverse("portal:fraud:provider", args=[case.provider.inpe])
        access_record(user=user, what="view360", obj=case.provider, where=where)
    elif case.member_id:
        where = reverse("portal:fraud:family", args=[case.member_id])
        access_record(
            user=user,
            what="view360",
            beneficiary_id=case.beneficiary_id,
            obj=case.member,
            where=where,
        )


def _title(alert: Alert) -> str:
    subject = alert.provider.name if alert.provider_id and not alert.beneficiary_id else ""
    if not subject and alert.beneficiary_id:
        subject = Beneficiary.objects.get(pk=alert.beneficiary_id).full_name
    return f"{code_label(alert.reason_code)} : {subject}"[:200]


def fraud_demo(*, today: date) -> FraudDemo:
    """Scan the fund, then (once) open the controller's cases from the top alerts: the top
    provider alert (under investigation, payments suspended), the top family alert (under
    investigation, with a note) and the next one (just opened)."""
    run = fraud_scan(today=today)
    if Case.objects.exists():
        return FraudDemo(run.lines, Alert.objects.count(), [])
    _spread(run, today)
    user = _controller()
    new = Alert.objects.filter(status=AlertStatus.NEW).select_related("provider")
    top_provider = new.filter(beneficiary__isnull=True, provider__isnull=False).first()
    families = new.filter(beneficiary__isnull=False)
    out = FraudDemo(run.lines, Alert.objects.count(), [])
    with acting_as(user):
        if top_provider is not None:
            case = case_open(
                title=_title(top_provider), by=user, alerts=_subject_alerts(top_provider)
            )
            _seen(user, case)
            case_move(case=case, to=CaseStatus.INVESTIGATING, by=user, note="demande de pièces")
            case_note_add(
                case=case,
                text="Activité très au-dessus des pairs de la même spécialité et de la même "
                "région : demande des feuilles de soins originales et des registres.",
                by=user,
            )
            case_suspend(case=case, by=user, provider=case.provider, starts_on=today)
            out.cases.append(case.reference)
            out.suspended = case.provider.name
        for n in range(2):
            first = families.filter(status=AlertStatus.NEW).first()
            if first is None:
                break
            case = case_open(title=_title(first), by=user, alerts=_subject_alerts(first))
            _seen(user, case)
            if n == 0:
                case_move(case=case, to=CaseStatus.INVESTIGATING, by=user, note="enquête")
                case_note_add(
                    case=case,
                    text="Convocation de l'assuré et vérification auprès des prescripteurs.",
                    by=user,
                )
            out.cases.append(case.reference)
    return out


def fraud_demo_step(command, today: date) -> FraudDemo:
    """The demo command's step (`synth ... demo._living`): the scan and the cases, reported."""
    command._step("Détection de la fraude et dossiers d'investigation")
    done = fraud_demo(today=today)
    command.stdout.write(
        f"  {done.lines} lignes analysées, {done.alerts} alertes, "
        f"dossiers ouverts : {', '.join(done.cases) or 'aucun'}"
    )
    return done
