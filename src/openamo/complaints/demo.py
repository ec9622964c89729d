"""Complaints in the demo fund, on its last day: some closed over the past months (answered
within 48 h or not, with satisfaction), some open and near their first-answer deadline, one
breached and escalated, some answered and waiting; filed by the insured demo member on the
portal and by the complaints agent on behalf of insured people of the demo employer and of the
broker's client (phone, counter, letter); with attachments both ways."""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from openamo.claims.models import Claim
from openamo.members.models import Employer, Member

from . import services
from .escalation import complaints_escalate
from .models import Category, Complaint

H = timedelta(hours=1)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ANSWER = (
    "Bonjour, après vérification de votre dossier, la ligne a été rejetée car les soins ont été "
    "déposés hors du délai réglementaire. Vous trouverez le détail du calcul en pièce jointe."
)
# (category, title, channel, hours ago filed, answered after (h) or None, closed after (h))
PLAN = [
    ("remb_rejet", "Ligne de consultation rejetée", "phone", 24 * 80, 20, 24 * 4),
    ("remb_montant", "Montant remboursé trop faible", "letter", 24 * 65, 60, 24 * 9),
    ("paie_non_recu", "Virement non reçu", "counter", 24 * 50, 30, 24 * 3),
    ("aff_ayants_droit", "Ajout de mon fils refusé", "phone", 24 * 35, 40, 24 * 6),
    ("remb_delai", "Remboursement très long", "letter", 24 * 20, 70, 24 * 12),
    ("accueil", "Attente au guichet", "counter", 24 * 12, 6, 24 * 2),
    ("pec_refus", "Prise en charge refusée", "phone", 24 * 4, 30, None),
    ("paie_rib", "RIB rejeté par la banque", "phone", 24 * 5, 10, None),
    ("remb_rejet", "Médicament rejeté", "counter", 46, None, None),  # due within 2 h
    ("remb_montant", "Base de remboursement contestée", "letter", 44, None, None),
    ("aff_droits", "Droits suspendus à tort", "phone", 60, None, None),  # breached: escalated
    ("autre", "Demande d'attestation", "counter", 3, None, None),
]


def _now(today: date) -> datetime:
    if today >= timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(today, time(17, 0)))


def _members(count: int, seed: int) -> list[Member]:
    """Insured people of the demo employer's and of the broker's first client's staff."""
    employers = [Employer.objects.filter(administration_code="MS").first()]
    employers.append(
        Employer.objects.exclude(pk__in=[e.pk for e in employers if e]).order_by("name").first()
    )
    pool = list(
        Member.objects.filter(employer__in=[e for e in employers if e], status="active").order_by(
            "registration_number"
        )[:200]
    )
    if not pool:
        pool = list(Member.objects.filter(status="active").order_by("registration_number")[:200])
    random.Random(seed).shuffle(pool)
    return pool[:count]


def _rejected_claim(member) -> Claim | None:
    return (
        Claim.objects.filter(
            beneficiary__member=member, statements__outcome__in=["rejected", "partly_accepted"]
        )
        .order_by("-deposit_date")
        .first()
    )


def _users():
    from openamo.synth.accounts import insured_demo_member

    users = get_user_model().objects
    agent, _ = users.get_or_create(
        username="reclamations", defaults={"first_name": "Agent des réclamations"}
    )
    insured = insured_demo_member()
    holder, _ = users.get_or_create(username="assure")
    return agent, insured, holder


def complaints_demo(*, today: date, seed: int = 0) -> int:
    """The demo's complaints (once: a second run adds nothing). Returns how many were filed."""
    if Complaint.objects.exists():
        return 0
    now = _now(today)
    agent, insured, holder = _users()
    categories = {c.code: c for c in Category.objects.all()}
    members = _members(len(PLAN), seed)
    filed = 0
    for n, (code, title, channel, ago, answered, closed) in enumerate(PLAN):
        mine = insured is not None and n in (0, 6, 8)  # the insured demo member's own
        member = insured if mine else (members[n] if n < len(members) else None)
        if member is None:
            continue
        at = now - ago * H
        claim = _rejected_claim(member) if code.startswith("remb") else None
        complaint = services.complaint_file(
            member=member,
            by=holder if mine else agent,
            category=categories[code],
            title=title,
            body=f"{title}. Merci de vérifier mon dossier.",
            channel="portal" if mine else channel,
            claim=claim,
            attachments=[ContentFile(PDF, name="justificatif.pdf")] if n % 3 == 0 else [],
            now=at,
        )
        filed += 1
        if answered is not None:
            services.complaint_message_post(
                complaint=complaint,
                by=agent,
                body=ANSWER,
                from_staff=True,
                attachments=[ContentFile(b"ligne;motif\n1;hors delai\n", name="detail.csv")]
                if n % 2 == 0
                else [],
                now=at + answered * H,
            )
        if closed is not None:
            complaint = services.complaint_close(
                complaint=complaint, by=agent, resolution="unfounded", now=at + closed * H
            )
            services.complaint_satisfaction(complaint=complaint, satisfied=n % 4 != 1)
    complaints_escalate(now=now)
    return filed
