"""The medical control on the demo's morning: a few ALD exemption requests filed by the demo
clinic's physicians in the last weeks (one already late), waiting in the medical reviewers'
queue, one taken by the demo reviewer, and a counter-examination convened in a few days."""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db.models import Count
from django.utils import timezone

from openamo.members.models import Beneficiary
from openamo.referentials.models import AldCondition, Provider

from . import counter_exams, selectors, services
from .documents import Upload
from .models import AldRequest

PDF = b"%PDF-1.4\n% OpenAMO : piece de demonstration\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
# (ALD, ICD-10 code, days since filing): the last one is past the decision deadline
REQUESTS = [("ALD9", "E10.9", 2), ("ALD14", "I10", 5), ("ALD17", "N18.5", 9), ("ALD9", "E11.9", 20)]


def _clinic() -> Provider | None:
    """The demo provider account's clinic (the same choice as `synth.accounts`)."""
    return (
        Provider.objects.filter(kind="clinic", direct_billing=True)
        .annotate(n=Count("authorization_requests"))
        .order_by("-n", "inpe")
        .first()
    )


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _uploads(condition_code: str, day: date) -> list[Upload]:
    return [
        Upload(d.code, f"{d.code}.pdf", ContentFile(PDF, name=f"{d.code}.pdf"))
        for d in selectors.required_documents(condition_code=condition_code, day=day)
    ]


def _referentials_ensure() -> None:
    """The sample rows of the data migrations, again (a refreshed demo flushes every table)."""
    from openamo.referentials.models import DocumentType

    from . import models as m
    from .seed import protocols_load, seed_load

    seed_load(DocumentType, m.AldDocumentRule, m.MedicalDelay, m.DecisionTemplate)
    protocols_load(m.TherapeuticProtocol)


def ald_queue_fill(*, today: date, seed: int = 7) -> int:
    """File the demo's ALD requests and convene one counter-examination; how many requests
    were filed (none when the fund has no clinic, no ALD list or already has them)."""
    _referentials_ensure()
    clinic = _clinic()
    conditions = {c.code: c for c in AldCondition.objects.in_force_on(today)}
    if clinic is None or not conditions or AldRequest.objects.exists():
        return 0
    users = get_user_model().objects
    physician, _ = users.get_or_create(username="clinique")
    reviewer, _ = users.get_or_create(username="medecin")
    people = list(
        Beneficiary.objects.filter(member__status="active", exemptions__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )
    rng = random.Random(seed)
    filed = []
    for (code, icd10, days_ago), pk in zip(
        REQUESTS, rng.sample(people, k=min(4, len(people))), strict=False
    ):
        if code not in conditions:
            continue
        day = today - timedelta(days=days_ago)
        filed.append(
            services.ald_request_file(
                beneficiary=Beneficiary.objects.select_related("member__city").get(pk=pk),
                condition=conditions[code],
                icd10_code=icd10,
                certificate_date=day - timedelta(days=1),
                clinical_summary="Demande de démonstration : affection chronique sous traitement.",
                uploads=_uploads(code, day),
                author=physician,
                filed_by="physician",
                provider=clinic,
                now=_at(day, 10),
            )
        )
    if filed:
        services.ald_request_assign(request=filed[0], reviewer=reviewer, by=reviewer)
    if len(filed) > 1:
        counter_exams.counter_exam_order(
            reviewer=reviewer,
            motive="Confirmer le diagnostic et la sévérité avant décision",
            scheduled_at=_at(today + timedelta(days=3), 10),
            place=f"Délégation {filed[1].delegation.name if filed[1].delegation else ''}".strip(),
            practitioner="Dr Benali, médecin contrôleur",
            ald_request=filed[1],
            now=_at(today, 8),
        )
    return len(filed)
