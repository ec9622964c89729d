"""The French texts of the messages, one function per event: (subject, body), with the amounts
in dirhams. Wrapped in gettext so the family's language can replace them; the callers pass
plain values (references, amounts already rounded, dates), no model.
"""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from openamo.core.money import format_dh


def _d(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def claim_adjudicated(*, reference: str, charged: Decimal, reimbursed: Decimal) -> tuple[str, str]:
    subject = _("Votre dossier %(ref)s est liquidé") % {"ref": reference}
    body = _(
        "Votre dossier %(ref)s a été liquidé. Frais engagés : %(charged)s ; montant remboursé "
        "par la caisse : %(paid)s. Le décompte détaillé est dans votre espace assuré."
    ) % {"ref": reference, "charged": format_dh(charged), "paid": format_dh(reimbursed)}
    return subject, body


def claim_line_rejected(
    *, reference: str, reimbursed: Decimal, rejected: list[tuple[int, str, str]]
) -> tuple[str, str]:
    """`rejected`: (line number, label, reason) of each rejected line."""
    subject = _("Dossier %(ref)s : prestation(s) rejetée(s)") % {"ref": reference}
    lines = "\n".join(
        _("- ligne %(n)d, %(label)s : %(why)s") % {"n": n, "label": label, "why": why}
        for n, label, why in rejected
    )
    body = _(
        "Votre dossier %(ref)s a été liquidé ; montant remboursé : %(paid)s. Les prestations "
        "suivantes n'ont pas été remboursées :\n%(lines)s\nVous pouvez déposer une réclamation "
        "depuis votre espace assuré."
    ) % {"ref": reference, "paid": format_dh(reimbursed), "lines": lines}
    return subject, body


def more_information(*, reference: str, what: str) -> tuple[str, str]:
    subject = _("Dossier %(ref)s : pièces demandées") % {"ref": reference}
    body = _(
        "Pour liquider votre dossier %(ref)s, la caisse a besoin d'informations ou de pièces "
        "complémentaires : %(what)s. Déposez-les à votre agence ou envoyez-les par courrier "
        "en rappelant la référence du dossier."
    ) % {"ref": reference, "what": what or _("voir le détail du dossier")}
    return subject, body


def rib_missing(*, amount: Decimal) -> tuple[str, str]:
    subject = _("RIB manquant : un remboursement ne peut pas vous être versé")
    body = _(
        "Un remboursement de %(amount)s vous attend, mais aucun RIB valide n'est enregistré "
        "pour vous. Déclarez votre RIB dans votre espace assuré (rubrique RIB) : le virement "
        "partira au prochain lot de paiement."
    ) % {"amount": format_dh(amount)}
    return subject, body


def rib_rejected(*, amount: Decimal, reference: str, reason: str) -> tuple[str, str]:
    subject = _("Virement rejeté par la banque : vérifiez votre RIB")
    body = _(
        "Le virement %(ref)s de %(amount)s a été rejeté par la banque (%(why)s). Vérifiez ou "
        "changez votre RIB dans votre espace : le montant sera de nouveau versé au prochain lot."
    ) % {"ref": reference, "amount": format_dh(amount), "why": reason or _("motif non précisé")}
    return subject, body


def payment_sent(*, amount: Decimal, reference: str, rib_end: str) -> tuple[str, str]:
    subject = _("Paiement envoyé : %(amount)s") % {"amount": format_dh(amount)}
    body = _(
        "La caisse a émis le virement %(ref)s de %(amount)s vers votre compte se terminant "
        "par %(end)s. Il apparaîtra sur votre relevé sous quelques jours."
    ) % {"ref": reference, "amount": format_dh(amount), "end": rib_end}
    return subject, body


def declaration_missing(*, employer: str, period: date, due_on: date) -> tuple[str, str]:
    month = f"{period:%m/%Y}"
    subject = _("Déclaration de salaires manquante : %(month)s") % {"month": month}
    body = _(
        "La déclaration de salaires de %(employer)s pour %(month)s n'a pas été reçue ; elle "
        "était attendue au plus tard le %(due)s. Déposez-la dans l'espace employeur (rubrique "
        "Mes déclarations) : sans elle, les droits des salariés ne sont pas ouverts."
    ) % {"employer": employer, "month": month, "due": _d(due_on)}
    return subject, body


def contribution_arrears(
    *, employer: str, outstanding: Decimal, calls: int, oldest_due: date
) -> tuple[str, str]:
    subject = _("Cotisations impayées : %(amount)s") % {"amount": format_dh(outstanding)}
    body = _(
        "Avis de la caisse : %(employer)s reste devoir %(amount)s de cotisations sur "
        "%(calls)d appel(s), le plus ancien exigible depuis le %(due)s. Merci de régulariser "
        "sans délai : des majorations de retard s'appliquent."
    ) % {
        "employer": employer,
        "amount": format_dh(outstanding),
        "calls": calls,
        "due": _d(oldest_due),
    }
    return subject, body
