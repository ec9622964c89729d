"""The shape of the synthetic fund: every parameter with its source. Pure data, no Django.

Tags as in DOMAIN.md: [C] confirmed in an official text, [S] secondary source, [I] inference
(a plausible value chosen for the demo, not a published figure). The fund is a public-sector
fund on the CNOPS model (DOMAIN.md §1: ~3.1 M beneficiaries, 6 M claim files a year).
"""

from dataclasses import dataclass

SCHEME = "cnops"  # DOMAIN.md §1, public-sector AMO
FAMILIES_PER_CHUNK = 2000  # fixed: part of what a seed means (a fund of N is a prefix of 2N)

# ---- members -------------------------------------------------------------------------------
# Active / retired split of the members (assurés principaux): ~70 % active, ~30 % retired [I]
# (CNOPS publishes ~1.2 M members for ~3.1 M beneficiaries, DOMAIN.md §1 [S]; the split is
# an inference from the public-sector pension figures).
RETIRED_SHARE = 0.30
FEMALE_SHARE = {"active": 0.42, "retired": 0.30}  # women in the civil service [I]
# Age bands (years, inclusive) and weights: the age pyramid of civil servants [I] and retirees
# (retirement age 63 since the 2016 pension reform [S]).
ACTIVE_AGES = ((23, 29, 10), (30, 34, 13), (35, 39, 16), (40, 44, 17), (45, 49, 16),
               (50, 54, 13), (55, 59, 10), (60, 62, 5))  # fmt: skip
RETIRED_AGES = ((63, 69, 40), (70, 74, 27), (75, 79, 17), (80, 84, 10), (85, 94, 6))
RETIREMENT_AGE = 63  # [S]
# Spouses: share of members with a covered spouse, by status and sex [I]; age gap husband −
# wife ~ 5 years [I].
SPOUSE_SHARE = {("active", "M"): 0.78, ("active", "F"): 0.35, ("retired", "M"): 0.80,
                ("retired", "F"): 0.20}  # fmt: skip
SPOUSE_AGE_GAP = 5
# Children: mean number of children born per couple (ISF ~2.2 in 2014, HCP [S]); children are
# covered up to 21, up to 26 if students (DOMAIN.md §2 [S]); share of 21-25 year olds with a
# student certificate, share of disabled children [I].
CHILDREN_MEAN = 2.2
STUDENT_SHARE = 0.40
DISABLED_SHARE = 0.005
MOTHER_AGE_AT_BIRTH = (21, 41)
# Life events over the generated year (rates per year) [I].
DEATH_RATE = {"active": 0.002, "retired": 0.025}
BIRTH_RATE_COUPLE_UNDER_40 = 0.06

# Salaries by grade (monthly gross, DH) [I]: échelles 6-9, 10, 11, hors échelle; pension ≈
# 60-80 % of the last salary, minimum 1,500 DH (CMR minimum pension since 2019 [S]).
GRADES = (("E6-9", 25, 3800, 6000), ("E10", 35, 6500, 9500), ("E11", 28, 9500, 14000),
          ("HE", 12, 14000, 32000))  # fmt: skip
PENSION_RATIO = (0.60, 0.80)
PENSION_MIN = 1500

# Employers (public administrations) and their weight among active members [I]; the national
# education ministry employs about half of civil servants [S].
ADMINISTRATIONS = (
    ("MEN", "Ministère de l'Éducation nationale", 44),
    ("MS", "Ministère de la Santé et de la Protection sociale", 12),
    ("MI", "Ministère de l'Intérieur", 14),
    ("MEF", "Ministère de l'Économie et des Finances", 6),
    ("MJ", "Ministère de la Justice", 5),
    ("MA", "Ministère de l'Agriculture", 3),
    ("MEQ", "Ministère de l'Équipement et de l'Eau", 2),
    ("MESRSI", "Ministère de l'Enseignement supérieur", 4),
    ("MHA", "Ministère des Habous et des Affaires islamiques", 2),
    ("DGAPR", "Délégation générale à l'administration pénitentiaire", 2),
    ("MJC", "Ministère de la Jeunesse et de la Culture", 1),
    ("MTL", "Ministère du Tourisme", 1),
    ("COLL", "Collectivités territoriales", 4),
)
PENSION_FUNDS = (("CMR", "Caisse marocaine des retraites", 85),
                 ("RCAR", "Régime collectif d'allocation de retraite", 15))  # fmt: skip
# The 8 mutuelles that form CNOPS (DOMAIN.md §1 [S]); codes and names plausible [I].
MUTUELLES = (
    ("mgpap", "Mutuelle générale du personnel des administrations publiques", 45),
    ("omfam", "Œuvres de mutualité des fonctionnaires et agents assimilés du Maroc", 20),
    ("mgen", "Mutuelle générale de l'Éducation nationale", 20),
    ("mdii", "Mutuelle des douanes et impôts indirects", 3),
    ("mpsn", "Mutuelle de prévoyance de la Sûreté nationale", 5),
    ("mfa", "Mutuelle des forces auxiliaires", 3),
    ("mptt", "Mutuelle des postes et télécommunications", 2),
    ("mgpo", "Mutuelle générale des offices", 2),
)
MUTUELLE_SHARE = 0.85  # active members with a complementary mutuelle [I]

# ---- geography -----------------------------------------------------------------------------
# Share of the insured per city (%): Casablanca ~25 %, Rabat-Salé ~12 % (issue 5, from the
# fund's regional figures [S/I]); the rest is spread over the other cities by population.
CITY_SHARES = {
    "Casablanca": 25.0, "Rabat": 6.5, "Salé": 4.0, "Temara": 1.5, "Fès": 6.0,
    "Marrakech": 5.5, "Agadir": 3.5, "Meknès": 3.5, "Kénitra": 3.0, "Tanger": 4.0,
    "Oujda": 3.0, "Tétouan": 2.0,
}  # fmt: skip

# ---- providers (per 100,000 beneficiaries, minimum per fund) [I] ---------------------------
PROVIDERS = {
    "gp": (60, 4), "specialist": (50, 6), "dentist": (25, 2), "pharmacy": (55, 6),
    "laboratory": (8, 2), "radiology": (5, 1), "physiotherapist": (6, 1), "optician": (8, 1),
    "nurse": (3, 1), "midwife": (2, 1), "speech_therapist": (1, 1), "clinic": (4, 2),
    "dialysis_centre": (1.5, 1), "oncology_centre": (0.5, 1), "ophthalmology_centre": (0.5, 1),
    "public_hospital": (2, 1), "chu": (0.3, 1), "military_hospital": (0.2, 1),
}  # fmt: skip
SPECIALTIES = {
    "cardiology": 9, "endocrinology": 6, "gynecology": 12, "pediatrics": 11,
    "ophthalmology": 8, "ent": 6, "dermatology": 6, "rheumatology": 5, "gastroenterology": 5,
    "pulmonology": 4, "neurology": 4, "psychiatry": 4, "nephrology": 3, "oncology": 3,
    "urology": 4, "orthopedics": 5, "internal_medicine": 4, "surgery": 3,
}  # fmt: skip
MUTUALIST_SHARE = 0.03  # practices of the mutualist sector [I]

# ---- care ----------------------------------------------------------------------------------
# CNOPS: 6 M claim files a year for 3.1 M beneficiaries ≈ 1.9 files per beneficiary
# (DOMAIN.md §1 [S]). Of these, ALD patients file about monthly; the rest are episodes.
# Ambulatory episodes per person and year, by age band [I] (children and the elderly consult
# more); the share with a specialist, with biology, with imaging [I].
EPISODES_BY_AGE = ((0, 4, 1.6), (5, 14, 0.9), (15, 24, 0.6), (25, 44, 0.7), (45, 59, 0.95),
                   (60, 74, 1.3), (75, 120, 1.6))  # fmt: skip
SPECIALIST_SHARE = 0.35
BIOLOGY_SHARE = 0.25
IMAGING_SHARE = 0.10
MEDICINES_PER_EPISODE = (1, 4)  # distinct medicines prescribed [I]
DENTAL_RATE = 0.12  # dental episodes per person and year [I]
OPTICS_RATE = 0.05  # optics purchases per person and year [I]
PHYSIO_RATE = 0.03
STAY_RATE = 0.03  # hospital stays per person and year (700,000 PEC/yr, DOMAIN.md §6 [S])
DELIVERY_RATE = 0.05  # deliveries per woman aged 20-42 and year (ISF ~2.2 [S])
# Long-term conditions: ~7 % of beneficiaries hold an ALD exemption (issue 5 [S/I]); by
# condition (weights) [I]; prevalence grows with age (age weights) [I].
ALD_TARGET_SHARE = 0.07
ALD_WEIGHTS = {
    "ALD9": 30, "ALD14": 24, "ALD38": 7, "ALD2": 1.5, "ALD20": 5, "ALD15": 3, "ALD17": 2.5,
    "ALD27": 3, "ALD6": 3, "ALD10": 2, "ALD26": 2, "ALD23": 1.5, "ALD13": 2, "ALD22": 1.5,
    "ALD31": 1, "ALD33": 0.5, "ALD21": 0.5, "ALD28": 0.5, "ALD19": 0.5, "ALD11": 1,
    "ALD1": 2, "ALD5": 1, "ALD8": 0.5, "ALD18": 1,
}  # fmt: skip
ALD_AGE_WEIGHT = ((0, 14, 0.12), (15, 29, 0.25), (30, 44, 0.6), (45, 59, 1.6), (60, 74, 3.2),
                  (75, 120, 4.0))  # fmt: skip
# Share of end-stage renal failure patients on haemodialysis (3 sessions a week), of cancer
# patients in chemotherapy during the year (a cycle every 21 days, 6 cycles) [I].
DIALYSIS_SHARE = 0.8
CHEMO_SHARE = 0.45
DIALYSIS_PER_WEEK = 3  # DOMAIN.md §6 (sessions per week in the first request)
# Claims: deposit delay after the care (days) and its distribution; share deposited beyond
# the 60-day limit (DOMAIN.md §5: 76 % of files within the legal 60 days in 2023 [S] — the
# rest mostly provider-side delays; 3 % late on the insured side [I]).
DEPOSIT_DELAYS = ((3, 15, 45), (16, 30, 30), (31, 59, 22), (61, 120, 3))
CHANNELS = (("paper", 55), ("electronic", 30), ("mutuelle", 15))  # [I]
# Prior-authorisation requests still waiting for a decision at the end of the year (in the
# medical reviewers' or the delegations' queues, or waiting for a document), per 100,000
# beneficiaries [I]: with a 48-hour decision delay, a few days of requests.
WAITING_REQUESTS_PER_100K = 400
# Requests a medical reviewer decided over the last weeks (care planned around the span's end) [I]
REVIEWED_REQUESTS_PER_100K = 600


@dataclass(frozen=True)
class FraudPattern:
    code: str
    label: str
    rate: float
    unit: str  # what the rate is a share of


# Injected fraud: each pattern with its default rate and the unit it applies to [I]. The
# Moroccan cases (DOMAIN.md §8, seed 001): 49 fictitious admissions for 36 insured; 149
# fraudulently registered spouses; a 12 M DH ring reusing the same doctors and labs.
FRAUD_PATTERNS = (
    FraudPattern("duplicate_line", "Ligne facturée deux fois", 0.004, "claims"),
    FraudPattern("unbundling", "Dégroupage d'un forfait ou d'un acte", 0.05, "bundled_claims"),
    FraudPattern("upcoding", "Surcotation par le médecin", 0.03, "physicians"),
    FraudPattern(
        "quantity_beyond_duration", "Quantités au-delà de la durée", 0.004, "medicine_claims"
    ),  # fmt: skip
    FraudPattern("sex_incompatible", "Acte incompatible avec le sexe", 0.0004, "beneficiaries"),
    FraudPattern("age_incompatible", "Acte incompatible avec l'âge", 0.0004, "beneficiaries"),
    FraudPattern("care_after_death", "Soins après le décès", 0.0004, "beneficiaries"),
    FraudPattern("care_during_stay", "Soins de ville pendant un séjour", 0.03, "stays"),
    FraudPattern(
        "dialysis_over_three", "Plus de trois dialyses par semaine", 0.15, "dialysis_patients"
    ),  # fmt: skip
    FraudPattern("phantom_stay", "Hospitalisation fictive", 0.0006, "beneficiaries"),
    FraudPattern(
        "doctor_shopping",
        "Nomadisme médical (5+ prescripteurs, 5+ pharmacies)",
        0.0006,
        "beneficiaries",
    ),  # fmt: skip
    FraudPattern(
        "prescription_reuse", "Même ordonnance dans plusieurs pharmacies", 0.003, "medicine_claims"
    ),  # fmt: skip
    FraudPattern(
        "collusion_ring",
        "Réseau de connivence prescripteur-pharmacie-laboratoire",
        0.00025,
        "beneficiaries",
    ),  # fmt: skip
    FraudPattern("fictitious_dependent", "Ayant droit fictif", 0.002, "members"),
)
FRAUD_BY_CODE = {p.code: p for p in FRAUD_PATTERNS}
