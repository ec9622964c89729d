"""Who a portal user acts for: an insured person's family, an employer, a mutuelle, a broker.

(Provider users are linked to their establishment by `authorizations.ProviderAccess`.)
Every scoped read goes through `portal.selectors`, which starts from this row.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import Role

LINK_OF_ROLE = {
    Role.INSURED: "member",
    Role.EMPLOYER: "employer",
    Role.MUTUELLE_AGENT: "mutuelle",
    Role.BROKER: "broker",
}


class PortalAccess(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="portal_access",
        verbose_name=_("utilisateur"),
    )
    role = models.CharField(
        _("rôle"),
        max_length=30,
        choices=[(r.value, r.label) for r in LINK_OF_ROLE],
    )
    member = models.ForeignKey(
        "members.Member",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="portal_accesses",
        verbose_name=_("assuré (famille)"),
    )
    employer = models.ForeignKey(
        "members.Employer",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="portal_accesses",
        verbose_name=_("employeur"),
    )
    mutuelle = models.ForeignKey(
        "members.Mutuelle",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="portal_accesses",
        verbose_name=_("mutuelle"),
    )
    broker = models.ForeignKey(
        "members.Broker",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="portal_accesses",
        verbose_name=_("intermédiaire"),
    )
    granted_at = models.DateTimeField(_("accordé le"), auto_now_add=True)
    language = models.CharField(
        _("langue"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="fr",
        help_text=_("Langue des pages, du décompte et des notifications (portal.language)."),
    )

    class Meta:
        verbose_name = _("accès au portail")
        verbose_name_plural = _("accès au portail")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    def clean(self) -> None:
        wanted = LINK_OF_ROLE.get(Role(self.role)) if self.role else None
        errors = {}
        for field in LINK_OF_ROLE.values():
            linked = getattr(self, f"{field}_id") is not None
            if field == wanted and not linked:
                errors[field] = _("obligatoire pour ce rôle")
            elif field != wanted and linked:
                errors[field] = _("sans objet pour ce rôle")
        if errors:
            raise ValidationError(errors)


class LoginFailure(models.Model):
    """A failed login, kept to throttle guessing (see `portal.security`)."""

    username = models.CharField(_("identifiant"), max_length=150, db_index=True)
    address = models.CharField(_("adresse IP"), max_length=45, blank=True, db_index=True)
    at = models.DateTimeField(_("le"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("échec de connexion")
        verbose_name_plural = _("échecs de connexion")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.username} {self.at:%d/%m/%Y %H:%M}"
