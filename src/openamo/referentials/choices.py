"""Enumerations shared by the referentials and the apps that read them.

The values (rates, tariffs, delays) are data; these are the structure the code reasons about.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    ALL = "all", _("Tous secteurs")
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Privé")
    MUTUALIST = "mutualist", _("Mutualiste")


class CareCategory(models.TextChoices):
    CONSULTATION = "consultation", _("Consultations et visites")
    TECHNICAL_ACT = "technical_act", _("Actes techniques")
    BIOLOGY = "biology", _("Biologie")
    RADIOLOGY = "radiology", _("Radiologie et imagerie")
    DENTAL = "dental", _("Soins dentaires")
    PARAMEDICAL = "paramedical", _("Actes paramédicaux et rééducation")
    MEDICINE = "medicine", _("Médicaments")
    DEVICE = "device", _("Dispositifs médicaux et prothèses")
    OPTICS = "optics", _("Optique")
    HOSPITALISATION = "hospitalisation", _("Hospitalisation médicale")
    SURGERY = "surgery", _("Hospitalisation chirurgicale")
    INTENSIVE_CARE = "intensive_care", _("Réanimation et soins intensifs")
    DIALYSIS = "dialysis", _("Hémodialyse")
    ONCOLOGY = "oncology", _("Oncologie")


class Population(models.TextChoices):
    ACTIVE = "active", _("Actif")
    RETIRED = "retired", _("Retraité")
    VOLUNTARY = "voluntary", _("Volontaire")
    SELF_EMPLOYED = "self_employed", _("Travailleur non salarié")


class ContributionComponent(models.TextChoices):
    EMPLOYEE = "employee", _("Part salariale")
    EMPLOYER = "employer", _("Part patronale")
    SOLIDARITY = "solidarity", _("Solidarité (employeur)")
    MEMBER = "member", _("Cotisation de l'assuré")
    COMPLEMENTARY = "complementary", _("Complémentaire (mutuelle)")


class ContributionBase(models.TextChoices):
    SALARY = "salary", _("Salaire")
    PENSION = "pension", _("Pension de base")
    LAST_SALARY = "last_salary", _("Dernier salaire")
    FLAT_INCOME = "flat_income", _("Revenu forfaitaire")


class ProviderKind(models.TextChoices):
    GP = "gp", _("Médecin généraliste")
    SPECIALIST = "specialist", _("Médecin spécialiste")
    DENTIST = "dentist", _("Chirurgien-dentiste")
    PHARMACY = "pharmacy", _("Pharmacie")
    LABORATORY = "laboratory", _("Laboratoire d'analyses")
    RADIOLOGY = "radiology", _("Centre de radiologie")
    PHYSIOTHERAPIST = "physiotherapist", _("Kinésithérapeute")
    NURSE = "nurse", _("Infirmier")
    MIDWIFE = "midwife", _("Sage-femme")
    SPEECH_THERAPIST = "speech_therapist", _("Orthophoniste")
    OPTICIAN = "optician", _("Opticien")
    CLINIC = "clinic", _("Clinique")
    DIALYSIS_CENTRE = "dialysis_centre", _("Centre d'hémodialyse")
    ONCOLOGY_CENTRE = "oncology_centre", _("Centre d'oncologie")
    OPHTHALMOLOGY_CENTRE = "ophthalmology_centre", _("Centre d'ophtalmologie")
    PUBLIC_HOSPITAL = "public_hospital", _("Hôpital public")
    CHU = "chu", _("Centre hospitalier universitaire")
    MILITARY_HOSPITAL = "military_hospital", _("Hôpital militaire")


class EstablishmentKind(models.TextChoices):
    """The kinds of establishment the TNR prices differently (DOMAIN.md section 4: a dialysis
    session is 850 DH in a private clinic, 700 DH in a CHU or military hospital, 400 DH in
    another public hospital). A tariff row for all (or left empty) applies to every one."""

    ALL = "all", _("Tous établissements")
    PRIVATE = "private", _("Clinique ou centre privé")
    UNIVERSITY_MILITARY = "chu_military", _("CHU ou hôpital militaire")
    PUBLIC_HOSPITAL = "public_hospital", _("Autre hôpital public")


def establishment_kind_of(provider_kind: str, sector: str) -> str:
    """The establishment kind a provider's lines are priced at."""
    if provider_kind in (ProviderKind.CHU, ProviderKind.MILITARY_HOSPITAL):
        return EstablishmentKind.UNIVERSITY_MILITARY.value
    if sector == Sector.PUBLIC:
        return EstablishmentKind.PUBLIC_HOSPITAL.value
    return EstablishmentKind.PRIVATE.value


# Admitted to direct billing without applying (DOMAIN.md section 6).
AUTO_DIRECT_BILLING_KINDS = frozenset(
    {ProviderKind.PUBLIC_HOSPITAL, ProviderKind.CHU, ProviderKind.MILITARY_HOSPITAL}
)


class Specialty(models.TextChoices):
    CARDIOLOGY = "cardiology", _("Cardiologie")
    DERMATOLOGY = "dermatology", _("Dermatologie")
    ENDOCRINOLOGY = "endocrinology", _("Endocrinologie")
    GASTROENTEROLOGY = "gastroenterology", _("Gastro-entérologie")
    GYNECOLOGY = "gynecology", _("Gynécologie-obstétrique")
    NEPHROLOGY = "nephrology", _("Néphrologie")
    NEUROLOGY = "neurology", _("Neurologie")
    ONCOLOGY = "oncology", _("Oncologie")
    OPHTHALMOLOGY = "ophthalmology", _("Ophtalmologie")
    ENT = "ent", _("Oto-rhino-laryngologie")
    PEDIATRICS = "pediatrics", _("Pédiatrie")
    PSYCHIATRY = "psychiatry", _("Psychiatrie")
    PULMONOLOGY = "pulmonology", _("Pneumologie")
    RHEUMATOLOGY = "rheumatology", _("Rhumatologie")
    SURGERY = "surgery", _("Chirurgie générale")
    ORTHOPEDICS = "orthopedics", _("Traumatologie-orthopédie")
    UROLOGY = "urology", _("Urologie")
    RADIOLOGY = "radiology", _("Radiologie")
    BIOLOGY = "biology", _("Biologie médicale")
    INTERNAL_MEDICINE = "internal_medicine", _("Médecine interne")
    ANESTHESIOLOGY = "anesthesiology", _("Anesthésie-réanimation")


class TnrGrid(models.IntegerChoices):
    LETTER_KEYS = 1, _("Grille 1 : lettres clés")
    SURGERY = 2, _("Grille 2 : forfaits chirurgicaux")
    MEDICAL_HOSPITALISATION = 3, _("Grille 3 : hospitalisation médicale")
    EXPLORATIONS = 4, _("Grille 4 : explorations")
    CHEMOTHERAPY = 5, _("Grille 5 : chimiothérapie")
    DIALYSIS = 6, _("Grille 6 : hémodialyse")
    LITHOTRIPSY = 7, _("Grille 7 : lithotritie")


class ForfaitUnit(models.TextChoices):
    ACT = "act", _("par acte")
    DAY = "day", _("par jour")
    SESSION = "session", _("par séance")
    STAY = "stay", _("par séjour")
    CYCLE = "cycle", _("par cure")


class DeviceCategory(models.TextChoices):
    OPTICS = "optics", _("Optique")
    HEARING = "hearing", _("Audioprothèse")
    DENTAL_PROSTHESIS = "dental_prosthesis", _("Prothèse dentaire")
    ORTHOSIS = "orthosis", _("Orthèse")
    PROSTHESIS = "prosthesis", _("Prothèse")
    IMPLANT = "implant", _("Implant")
    DEVICE = "device", _("Dispositif médical")


class ConditionKind(models.TextChoices):
    ALD = "ALD", _("Affection de longue durée")
    ALC = "ALC", _("Affection lourde et coûteuse")


class RequestStage(models.TextChoices):
    ALWAYS = "always", _("Toute demande")
    INITIAL = "initial", _("Première demande")
    RENEWAL = "renewal", _("Renouvellement")
