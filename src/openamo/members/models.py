"""Affiliation: employers, members, dependents, life events, and the derived rights.

Persistence only. Identity lives on `Member` and `Dependent` (what staff edit); `Beneficiary`
is the stable identity of each covered person (the member or one dependent), the row claims
point to, kept in sync by the services with a lookup copy of the identity and a snapshot of
the derived rights so that an eligibility check is one indexed query.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from openamo.core.dated import DatedModel
from openamo.referentials.choices import Population
from openamo.referentials.fields import validate_cin, validate_rib


class EmployerKind(models.TextChoices):
    PUBLIC_ADMINISTRATION = "public_administration", _("Administration publique")
    COMPANY = "company", _("Entreprise")


class Sex(models.TextChoices):
    MALE = "M", _("Masculin")
    FEMALE = "F", _("Féminin")


class Relationship(models.TextChoices):
    SPOUSE = "spouse", _("Conjoint")
    CHILD = "child", _("Enfant")


class BeneficiaryRole(models.TextChoices):
    MEMBER = "member", _("Assuré principal")
    SPOUSE = "spouse", _("Conjoint")
    CHILD = "child", _("Enfant")


class LifeEventKind(models.TextChoices):
    HIRE = "hire", _("Embauche")
    LEAVE = "leave", _("Départ (fin d'activité)")
    RETIRE = "retire", _("Départ à la retraite")
    MARRY = "marry", _("Mariage")
    DIVORCE = "divorce", _("Divorce")
    BIRTH = "birth", _("Naissance")
    DEATH = "death", _("Décès")


class RightsKind(models.TextChoices):
    OPEN = "open", _("Droits ouverts")
    MAINTAINED = "maintained", _("Maintien des droits")
    ALD_CONTINUITY = "ald_continuity", _("Continuité des soins ALD")
    SUSPENDED = "suspended", _("Droits suspendus")


class Mutuelle(models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("nom"), max_length=200)

    class Meta:
        verbose_name = _("mutuelle")
        verbose_name_plural = _("mutuelles")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Employer(models.Model):
    """A public administration or a company that declares and pays contributions."""

    name = models.CharField(_("raison sociale"), max_length=250)
    kind = models.CharField(_("type"), max_length=30, choices=EmployerKind.choices)
    scheme = models.ForeignKey(
        "referentials.Scheme", models.PROTECT, related_name="employers", verbose_name=_("régime")
    )
    cnss_number = models.CharField(_("n° d'affiliation CNSS"), max_length=20, blank=True)
    ice = models.CharField(
        _("ICE"), max_length=15, blank=True, help_text=_("Identifiant commun de l'entreprise.")
    )
    tax_id = models.CharField(_("identifiant fiscal (IF)"), max_length=20, blank=True)
    trade_register = models.CharField(_("registre du commerce (RC)"), max_length=30, blank=True)
    administration_code = models.CharField(_("code de l'administration"), max_length=20, blank=True)
    city = models.ForeignKey(
        "referentials.City",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="employers",
        verbose_name=_("ville"),
    )
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact"), max_length=200, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("employeur")
        verbose_name_plural = _("employeurs")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["ice"], condition=~Q(ice=""), name="uniq_employer_ice"),
            models.UniqueConstraint(
                fields=["cnss_number"], condition=~Q(cnss_number=""), name="uniq_employer_cnss"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    """The insured person (assuré principal) and the family's affiliation."""

    registration_number = models.CharField(
        _("n° d'immatriculation"), max_length=12, unique=True, editable=False
    )
    cin = models.CharField(_("CIN"), max_length=8, unique=True, validators=[validate_cin])
    last_name = models.CharField(_("nom"), max_length=100)
    first_name = models.CharField(_("prénom"), max_length=100)
    birth_date = models.DateField(_("date de naissance"))
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    status = models.CharField(
        _("statut"), max_length=20, choices=Population.choices, default=Population.ACTIVE
    )
    scheme = models.ForeignKey(
        "referentials.Scheme", models.PROTECT, related_name="members", verbose_name=_("régime")
    )
    employer = models.ForeignKey(
        Employer,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("employeur"),
    )
    mutuelle = models.ForeignKey(
        Mutuelle,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("mutuelle"),
    )
    registered_on = models.DateField(_("immatriculé le"))
    rib = models.CharField(_("RIB"), max_length=24, blank=True, validators=[validate_rib])
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    city = models.ForeignKey(
        "referentials.City",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("ville"),
    )
    rights_computed_at = models.DateTimeField(_("droits calculés le"), null=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assuré")
        verbose_name_plural = _("assurés")
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["last_name", "first_name"], name="member_name_idx")]

    def __str__(self) -> str:
        return f"{self.registration_number} — {self.last_name} {self.first_name}"

    @property
    def full_name(self) -> str:
        return f"{self.last_name} {self.first_name}"


class Dependent(models.Model):
    """An ayant droit: a spouse or a child, with the proofs that extend a child's rights."""

    member = models.ForeignKey(
        Member, models.CASCADE, related_name="dependents", verbose_name=_("assuré")
    )
    relationship = models.CharField(_("lien"), max_length=10, choices=Relationship.choices)
    cin = models.CharField(
        _("CIN"), max_length=8, blank=True, validators=[validate_cin], db_index=True
    )
    last_name = models.CharField(_("nom"), max_length=100)
    first_name = models.CharField(_("prénom"), max_length=100)
    birth_date = models.DateField(_("date de naissance"))
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    linked_on = models.DateField(
        _("ayant droit depuis le"), help_text=_("Date du mariage, de la naissance ou de l'ajout.")
    )
    student_until = models.DateField(
        _("certificat de scolarité valable jusqu'au"), null=True, blank=True
    )
    disabled = models.BooleanField(_("en situation de handicap"), default=False)
    disability_until = models.DateField(
        _("attestation de handicap valable jusqu'au"),
        null=True,
        blank=True,
        help_text=_("Vide : sans limite."),
    )
    married_on = models.DateField(
        _("marié(e) le"),
        null=True,
        blank=True,
        help_text=_("Pour un enfant : met fin à la prolongation étudiante."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ayant droit")
        verbose_name_plural = _("ayants droit")
        ordering = ["member", "relationship", "birth_date"]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name} ({self.get_relationship_display()})"

    @property
    def full_name(self) -> str:
        return f"{self.last_name} {self.first_name}"


class Beneficiary(models.Model):
    """One covered person, stable across edits: the member (rank 0) or one dependent.

    The identity columns are a lookup copy of the member's or dependent's; `rights` is the
    snapshot of the derived periods and exemptions, both written by the services.
    """

    member = models.ForeignKey(
        Member, models.CASCADE, related_name="beneficiaries", verbose_name=_("assuré")
    )
    dependent = models.OneToOneField(
        Dependent,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="beneficiary",
        verbose_name=_("ayant droit"),
    )
    role = models.CharField(_("qualité"), max_length=10, choices=BeneficiaryRole.choices)
    rank = models.PositiveSmallIntegerField(_("rang"), default=0)
    registration_number = models.CharField(_("n° d'immatriculation"), max_length=12)
    cin = models.CharField(_("CIN"), max_length=8, blank=True)
    last_name = models.CharField(_("nom"), max_length=100)
    first_name = models.CharField(_("prénom"), max_length=100)
    name_key = models.CharField(max_length=210, editable=False)
    birth_date = models.DateField(_("date de naissance"))
    deceased_on = models.DateField(_("décédé le"), null=True, blank=True)
    age_limit_on = models.DateField(_("fin des droits par l'âge le"), null=True, blank=True)
    scheme = models.ForeignKey(
        "referentials.Scheme", models.PROTECT, related_name="+", verbose_name=_("régime")
    )
    rights = models.JSONField(_("instantané des droits"), default=dict, editable=False)

    class Meta:
        verbose_name = _("bénéficiaire")
        verbose_name_plural = _("bénéficiaires")
        ordering = ["member", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["member", "rank"], name="uniq_beneficiary_rank"),
            models.UniqueConstraint(
                fields=["cin"], condition=~Q(cin=""), name="uniq_beneficiary_cin"
            ),
            models.UniqueConstraint(
                fields=["member", "name_key", "birth_date"], name="uniq_beneficiary_person"
            ),
        ]
        indexes = [
            models.Index(fields=["registration_number", "rank"], name="benef_regno_idx"),
            models.Index(fields=["cin", "birth_date"], name="benef_cin_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_number}/{self.rank:02d} — {self.last_name} {self.first_name}"

    @property
    def full_name(self) -> str:
        return f"{self.last_name} {self.first_name}"


class LifeEvent(models.Model):
    member = models.ForeignKey(
        Member, models.CASCADE, related_name="events", verbose_name=_("assuré")
    )
    kind = models.CharField(_("événement"), max_length=10, choices=LifeEventKind.choices)
    occurred_on = models.DateField(_("date"))
    dependent = models.ForeignKey(
        Dependent,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("ayant droit concerné"),
        help_text=_("Vide : l'assuré lui-même."),
    )
    employer = models.ForeignKey(
        Employer,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("employeur"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("enregistré le"), auto_now_add=True)

    class Meta:
        verbose_name = _("événement de vie")
        verbose_name_plural = _("événements de vie")
        ordering = ["member", "occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} le {self.occurred_on:%d/%m/%Y}"


class RightsSuspension(models.Model):
    """A decision suspending the family's rights (fraud, unpaid voluntary contributions...)."""

    member = models.ForeignKey(
        Member, models.CASCADE, related_name="suspensions", verbose_name=_("assuré")
    )
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"), null=True, blank=True, help_text=_("Vide : sans fin."))
    reason = models.CharField(_("motif"), max_length=300)

    class Meta:
        verbose_name = _("suspension des droits")
        verbose_name_plural = _("suspensions des droits")
        ordering = ["member", "starts_on"]

    def __str__(self) -> str:
        return f"{self.member} : suspension du {self.starts_on:%d/%m/%Y}"


class RightsPeriod(models.Model):
    """A derived period of rights of one beneficiary (recomputed, never edited)."""

    beneficiary = models.ForeignKey(
        Beneficiary, models.CASCADE, related_name="periods", verbose_name=_("bénéficiaire")
    )
    kind = models.CharField(_("nature"), max_length=20, choices=RightsKind.choices)
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"), null=True, blank=True, help_text=_("Vide : sans fin."))
    reason = models.CharField(_("motif"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("période de droits")
        verbose_name_plural = _("périodes de droits")
        ordering = ["beneficiary", "starts_on"]
        indexes = [models.Index(fields=["beneficiary", "starts_on"], name="rights_benef_idx")]

    def __str__(self) -> str:
        end = f"{self.ends_on:%d/%m/%Y}" if self.ends_on else "…"
        return f"{self.get_kind_display()} {self.starts_on:%d/%m/%Y} → {end}"


class AldExemption(models.Model):
    """An ALD/ALC co-payment exemption of one beneficiary for one condition."""

    beneficiary = models.ForeignKey(
        Beneficiary, models.CASCADE, related_name="exemptions", verbose_name=_("bénéficiaire")
    )
    condition = models.ForeignKey(
        "referentials.AldCondition",
        models.PROTECT,
        related_name="exemptions",
        verbose_name=_("affection"),
    )
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"), null=True, blank=True, help_text=_("Vide : à vie."))
    renewal_of = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="renewed_by",
        verbose_name=_("renouvelle"),
    )
    decision_ref = models.CharField(_("référence de la décision"), max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exonération ALD/ALC")
        verbose_name_plural = _("exonérations ALD/ALC")
        ordering = ["beneficiary", "condition", "starts_on"]

    def __str__(self) -> str:
        end = f"{self.ends_on:%d/%m/%Y}" if self.ends_on else _("à vie")
        return f"{self.condition.code} {self.starts_on:%d/%m/%Y} → {end}"


class RibChangeRequest(models.Model):
    """A change of bank account asked for by the insured, applied once they confirm the code
    sent to them (never directly: a RIB is where the fund's money goes)."""

    member = models.ForeignKey(
        Member, models.CASCADE, related_name="rib_changes", verbose_name=_("assuré")
    )
    new_rib = models.CharField(_("nouveau RIB"), max_length=24, validators=[validate_rib])
    code_hash = models.CharField(max_length=128, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("demandé par"),
    )
    requested_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"))
    attempts = models.PositiveSmallIntegerField(_("essais"), default=0)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("changement de RIB")
        verbose_name_plural = _("changements de RIB")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.member} → {self.new_rib}"


class Broker(models.Model):
    """An intermédiaire (insurance broker) approved by the ACAPS, acting for employers
    (souscripteurs) under dated mandates."""

    name = models.CharField(_("raison sociale"), max_length=250)
    acaps_number = models.CharField(
        _("n° d'agrément ACAPS"),
        max_length=30,
        unique=True,
        help_text=_(
            "Agrément de l'Autorité de contrôle des assurances et de la prévoyance sociale."
        ),
    )
    ice = models.CharField(
        _("ICE"), max_length=15, blank=True, help_text=_("Identifiant commun de l'entreprise.")
    )
    email = models.EmailField(_("courriel de contact"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    city = models.ForeignKey(
        "referentials.City",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="brokers",
        verbose_name=_("ville"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("intermédiaire")
        verbose_name_plural = _("intermédiaires")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["ice"], condition=~Q(ice=""), name="uniq_broker_ice")
        ]

    def __str__(self) -> str:
        return self.name


class BrokerMandate(DatedModel):
    """A broker's mandate over an employer, from `valid_from` to `valid_to` (inclusive).

    An employer has one broker at a time: a mandate starting inside an open-ended one closes
    that one the day before (a change of broker is one new row), and overlapping dated
    mandates are refused. Ended mandates are kept as the history of the portfolio.
    """

    broker = models.ForeignKey(
        Broker, models.PROTECT, related_name="mandates", verbose_name=_("intermédiaire")
    )
    employer = models.ForeignKey(
        Employer, models.PROTECT, related_name="broker_mandates", verbose_name=_("employeur")
    )
    reference = models.CharField(_("référence du mandat"), max_length=50, blank=True)
    history = HistoricalRecords()

    validity_key = ("employer",)

    class Meta:
        verbose_name = _("mandat d'intermédiation")
        verbose_name_plural = _("mandats d'intermédiation")
        ordering = ["employer", "-valid_from"]
        indexes = [models.Index(fields=["broker", "valid_from"], name="mandate_broker_idx")]

    def __str__(self) -> str:
        return f"{self.broker} → {self.employer} ({self.period_label})"
