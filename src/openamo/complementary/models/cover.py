"""Complementary cover (AMC): insurers, contracts, their dated guarantees, endorsements,
enrolled beneficiaries, network providers, and the complementary statements computed from the
base statements.

A mutuelle's cover is a contract of kind `mutuelle` held by the mutuelle's insurer; a private
insurer's group contract has a policyholder (the employer) and optionally a broker. Guarantees,
enrolments and network rows are dated: a change is a new row (usually under an endorsement),
so a statement is always computed with the terms in force on the date of care.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from openamo.core.dated import DatedModel
from openamo.referentials.choices import CareCategory
from openamo.referentials.fields import MoneyField, RateField


class InsurerKind(models.TextChoices):
    MUTUELLE = "mutuelle", _("Mutuelle")
    PRIVATE = "private", _("Assureur privé")


class ContractKind(models.TextChoices):
    MUTUELLE = "mutuelle", _("Couverture complémentaire mutualiste")
    GROUP = "group_contract", _("Contrat groupe")


class Flow(models.TextChoices):
    ANTICIPATION = "anticipated", _("Anticipation (sur copie du dossier)")
    REMAINDER = "remainder", _("Reliquat après le décompte AMO")
    BASE_FLOW = "base_flow", _("Flux de la caisse de base")
    SINGLE_WINDOW = "single_window", _("Guichet unique (recours auprès de l'organisme)")


class Basis(models.TextChoices):
    PERCENT_BASE = "percent_base", _("Pourcentage de la base de remboursement")
    PERCENT_CHARGED = "percent_charged", _("Pourcentage du montant facturé")
    FLAT_PER_ACT = "flat_per_act", _("Forfait par acte")


class Insurer(models.Model):
    """An organisme complémentaire: a mutuelle or a private insurer."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("raison sociale"), max_length=200)
    kind = models.CharField(_("type"), max_length=10, choices=InsurerKind.choices)
    mutuelle = models.OneToOneField(
        "members.Mutuelle",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="insurer",
        verbose_name=_("mutuelle"),
    )
    payer_account = models.ForeignKey(
        "payments.PayerAccount",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compte donneur d'ordre"),
    )

    class Meta:
        verbose_name = _("organisme complémentaire")
        verbose_name_plural = _("organismes complémentaires")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Contract(models.Model):
    insurer = models.ForeignKey(
        Insurer, models.PROTECT, related_name="contracts", verbose_name=_("organisme")
    )
    reference = models.CharField(_("n° de contrat"), max_length=40, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=ContractKind.choices)
    label = models.CharField(_("libellé"), max_length=200)
    policyholder = models.ForeignKey(
        "members.Employer",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="complementary_contracts",
        verbose_name=_("souscripteur"),
    )
    broker = models.ForeignKey(
        "members.Broker",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="complementary_contracts",
        verbose_name=_("intermédiaire"),
    )
    flow = models.CharField(
        _("mode de remboursement"), max_length=20, choices=Flow.choices, default=Flow.REMAINDER
    )
    starts_on = models.DateField(_("date d'effet"))
    ends_on = models.DateField(_("date de fin"), null=True, blank=True)

    class Meta:
        verbose_name = _("contrat complémentaire")
        verbose_name_plural = _("contrats complémentaires")
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="mutuelle") | models.Q(policyholder__isnull=False),
                name="amc_group_contract_has_policyholder",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.label}"


class Endorsement(models.Model):
    """An avenant: a numbered change of the contract from a date (new guarantee rows)."""

    contract = models.ForeignKey(
        Contract, models.CASCADE, related_name="endorsements", verbose_name=_("contrat")
    )
    number = models.PositiveSmallIntegerField(_("n° d'avenant"))
    effective_on = models.DateField(_("date d'effet"))
    description = models.CharField(_("objet"), max_length=300)

    class Meta:
        verbose_name = _("avenant")
        verbose_name_plural = _("avenants")
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="uniq_amc_endorsement")
        ]

    def __str__(self) -> str:
        return f"{self.contract.reference} avenant n° {self.number}"


class Guarantee(DatedModel):
    """What the contract pays for one care category, over one period."""

    contract = models.ForeignKey(
        Contract, models.CASCADE, related_name="guarantees", verbose_name=_("contrat")
    )
    endorsement = models.ForeignKey(
        Endorsement,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="guarantees",
        verbose_name=_("avenant"),
    )
    care_category = models.CharField(
        _("catégorie de soins"), max_length=30, choices=CareCategory.choices
    )
    basis = models.CharField(_("assiette"), max_length=20, choices=Basis.choices)
    rate = RateField(_("taux (%)"), default=0)
    flat = MoneyField(_("forfait par acte"), default=0)
    network_rate = RateField(_("taux dans le réseau (%)"), null=True, blank=True)
    network_flat = MoneyField(_("forfait dans le réseau"), null=True, blank=True)
    per_act_ceiling = MoneyField(_("plafond par acte"), null=True, blank=True)
    person_year_ceiling = MoneyField(_("plafond annuel par personne"), null=True, blank=True)
    family_year_ceiling = MoneyField(_("plafond annuel par famille"), null=True, blank=True)
    waiting_days = models.PositiveSmallIntegerField(_("délai de carence (jours)"), default=0)
    excluded = models.BooleanField(_("catégorie exclue"), default=False)
    excluded_codes = models.CharField(
        _("codes exclus"),
        max_length=500,
        blank=True,
        help_text=_("Lettres clés, EAN-13 ou codes de forfait exclus, séparés par des virgules."),
    )

    validity_key = ("contract", "care_category")

    class Meta:
        verbose_name = _("garantie")
        verbose_name_plural = _("garanties")
        ordering = ["contract", "care_category", "valid_from"]

    def __str__(self) -> str:
        return f"{self.contract.reference} / {self.get_care_category_display()}"


class Enrolment(DatedModel):
    """A beneficiary covered by a contract (member or dependent), with dates."""

    contract = models.ForeignKey(
        Contract, models.PROTECT, related_name="enrolments", verbose_name=_("contrat")
    )
    beneficiary = models.ForeignKey(
        "members.Beneficiary",
        models.PROTECT,
        related_name="complementary_enrolments",
        verbose_name=_("bénéficiaire"),
    )

    validity_key = ("contract", "beneficiary")

    class Meta:
        verbose_name = _("adhésion")
        verbose_name_plural = _("adhésions")
        ordering = ["contract", "beneficiary", "valid_from"]
        indexes = [models.Index(fields=["beneficiary", "valid_from"], name="amc_enrol_benef_idx")]

    def __str__(self) -> str:
        return f"{self.beneficiary} → {self.contract.reference}"


class NetworkProvider(DatedModel):
    """A provider (by INPE) of the insurer's network for a contract: better terms."""

    contract = models.ForeignKey(
        Contract, models.CASCADE, related_name="network", verbose_name=_("contrat")
    )
    inpe = models.CharField(_("INPE"), max_length=9)

    validity_key = ("contract", "inpe")

    class Meta:
        verbose_name = _("prestataire du réseau")
        verbose_name_plural = _("prestataires du réseau")
        ordering = ["contract", "inpe"]

    def __str__(self) -> str:
        return f"{self.contract.reference} / {self.inpe}"
