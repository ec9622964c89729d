"""What each referential file looks like: its columns and the models they fill.

File column names are French and lower-case; see docs/referentials.md for every format.
"""

from openamo.core.importing import ImportSpec, Part

from . import models as m

DATED = {"en_vigueur_du": "valid_from", "jusqu_au": "valid_to", "source": "source"}
DATED_OPTIONAL = ("jusqu_au", "source")

SPECS = [
    ImportSpec("regions", "Régions", [Part(m.Region, {"code": "code", "nom": "name"}, ("code",))]),
    ImportSpec(
        "delegations",
        "Délégations régionales",
        [
            Part(
                m.Delegation,
                {
                    "code": "code",
                    "nom": "name",
                    "region": "region",
                    "siege": "seat",
                    "ouverte_le": "opened_on",
                },
                ("code",),
                codes={"region": "code"},
                optional=("ouverte_le",),
            )
        ],
    ),
    ImportSpec(
        "villes",
        "Villes",
        [
            Part(
                m.City,
                {
                    "nom": "name",
                    "region": "region",
                    "delegation": "delegation",
                    "population": "population",
                },
                ("name",),
                codes={"region": "code", "delegation": "code"},
                optional=("population",),
            )
        ],
    ),
    ImportSpec(
        "regimes",
        "Régimes",
        [
            Part(
                m.Scheme,
                {"code": "code", "nom": "name", "caisse": "fund", "description": "description"},
                ("code",),
                optional=("description",),
            )
        ],
    ),
    ImportSpec(
        "parametres",
        "Paramètres de régime",
        [
            Part(
                m.SchemeParameter,
                {"regime": "scheme", "parametre": "code", "valeur": "value", **DATED},
                ("scheme", "code", "valid_from"),
                codes={"scheme": "code"},
                optional=DATED_OPTIONAL,
            )
        ],
    ),
    ImportSpec(
        "taux-cotisation",
        "Taux de cotisation",
        [
            Part(
                m.ContributionRate,
                {
                    "regime": "scheme",
                    "population": "population",
                    "part": "component",
                    "assiette": "base",
                    "taux": "rate",
                    "plancher_mensuel": "floor_monthly",
                    "plafond_mensuel": "ceiling_monthly",
                    "plafond_annuel": "ceiling_yearly",
                    **DATED,
                },
                ("scheme", "population", "component", "valid_from"),
                codes={"scheme": "code"},
                optional=("plancher_mensuel", "plafond_mensuel", "plafond_annuel", *DATED_OPTIONAL),
            )
        ],
    ),
    ImportSpec(
        "taux-remboursement",
        "Taux de remboursement",
        [
            Part(
                m.ReimbursementRate,
                {
                    "regime": "scheme",
                    "categorie": "care_category",
                    "secteur": "sector",
                    "taux": "rate",
                    **DATED,
                },
                ("scheme", "care_category", "sector", "valid_from"),
                codes={"scheme": "code"},
                optional=DATED_OPTIONAL,
            )
        ],
    ),
    ImportSpec(
        "lettres-cles",
        "Lettres clés et valeurs TNR",
        [
            Part(
                m.LetterKey,
                {"lettre": "code", "libelle": "label", "categorie": "care_category"},
                ("code",),
            ),
            Part(
                m.LetterKeyValue,
                {"secteur": "sector", "valeur": "value", **DATED},
                ("letter_key", "sector", "valid_from"),
                parent="letter_key",
                optional=DATED_OPTIONAL,
            ),
        ],
    ),
    ImportSpec(
        "forfaits",
        "Forfaits TNR",
        [
            Part(
                m.TariffForfait,
                {
                    "code": "code",
                    "libelle": "label",
                    "grille": "grid",
                    "categorie": "care_category",
                    "unite": "unit",
                    "accord_prealable": "requires_prior_approval",
                },
                ("code",),
                optional=("accord_prealable",),
            ),
            Part(
                m.TariffForfaitValue,
                {
                    "secteur": "sector",
                    "etablissement": "establishment_kind",
                    "montant": "amount",
                    **DATED,
                },
                ("forfait", "sector", "establishment_kind", "valid_from"),
                parent="forfait",
                optional=("etablissement", *DATED_OPTIONAL),
            ),
        ],
    ),
    ImportSpec(
        "medicaments",
        "Médicaments et prix",
        [
            Part(
                m.Medicine,
                {
                    "ean13": "ean13",
                    "nom_commercial": "brand",
                    "dci": "inn",
                    "dosage": "dosage",
                    "forme": "form",
                    "presentation": "presentation",
                    "laboratoire": "laboratory",
                    "groupe_generique": "generic_group",
                    "generique": "is_generic",
                },
                ("ean13",),
                optional=("dosage", "presentation", "laboratoire", "groupe_generique"),
            ),
            Part(
                m.MedicinePrice,
                {"ppv": "ppv", "pbr": "pbr", "remboursable": "reimbursable", **DATED},
                ("medicine", "valid_from"),
                parent="medicine",
                optional=("pbr", *DATED_OPTIONAL),
            ),
        ],
    ),
    ImportSpec(
        "dispositifs",
        "Dispositifs médicaux et optique",
        [
            Part(
                m.Device,
                {
                    "code": "code",
                    "libelle": "label",
                    "categorie": "category",
                    "accord_prealable": "requires_prior_approval",
                },
                ("code",),
            ),
            Part(
                m.DeviceForfait,
                {"forfait": "amount", **DATED},
                ("device", "valid_from"),
                parent="device",
                optional=DATED_OPTIONAL,
            ),
        ],
    ),
    ImportSpec(
        "ald",
        "Liste des ALD/ALC",
        [
            Part(
                m.AldCondition,
                {
                    "code": "code",
                    "numero": "number",
                    "type": "kind",
                    "libelle": "label",
                    "code_anam": "anam_code",
                    "cim10": "icd10_codes",
                    "a_vie": "lifetime_exemption",
                    **DATED,
                },
                ("code", "valid_from"),
                optional=("code_anam", *DATED_OPTIONAL),
            )
        ],
    ),
    ImportSpec(
        "prestataires",
        "Prestataires de soins",
        [
            Part(
                m.Provider,
                {
                    "inpe": "inpe",
                    "nom": "name",
                    "type": "kind",
                    "specialite": "specialty",
                    "secteur": "sector",
                    "ville": "city",
                    "adresse": "address",
                    "telephone": "phone",
                    "courriel": "email",
                    "enregistrement_anam": "anam_registration",
                    "rib": "rib",
                    "tiers_payant": "direct_billing",
                    "tiers_payant_depuis": "direct_billing_since",
                },
                ("inpe",),
                codes={"city": "name"},
                optional=(
                    "specialite",
                    "adresse",
                    "telephone",
                    "courriel",
                    "enregistrement_anam",
                    "rib",
                    "tiers_payant",
                    "tiers_payant_depuis",
                ),
            )
        ],
    ),
    ImportSpec(
        "pieces",
        "Nomenclature des pièces",
        [
            Part(
                m.DocumentType,
                {"code": "code", "libelle": "label", "description": "description"},
                ("code",),
                optional=("description",),
            )
        ],
    ),
    ImportSpec(
        "types-pec",
        "Types de prise en charge",
        [
            Part(
                m.AuthorizationType,
                {
                    "code": "code",
                    "libelle": "label",
                    "categorie": "care_category",
                    "accord_instantane": "auto_approvable",
                    "accord_annuel": "yearly_agreement",
                },
                ("code",),
            )
        ],
    ),
    ImportSpec(
        "pieces-exigees",
        "Pièces exigées par type de prise en charge",
        [
            Part(
                m.RequiredDocument,
                {
                    "type_pec": "authorization_type",
                    "piece": "document_type",
                    "demande": "stage",
                    "obligatoire": "mandatory",
                    **DATED,
                },
                ("authorization_type", "document_type", "stage", "valid_from"),
                codes={"authorization_type": "code", "document_type": "code"},
                optional=DATED_OPTIONAL,
            )
        ],
    ),
    ImportSpec(
        "controle-parametres",
        "Paramètres des règles de contrôle",
        [
            Part(
                m.ControlParameter,
                {"parametre": "code", "valeur": "value", **DATED},
                ("code", "valid_from"),
                optional=DATED_OPTIONAL,
            )
        ],
    ),
    ImportSpec(
        "controle-regles",
        "Réglages des règles de contrôle",
        [
            Part(
                m.ControlRuleSetting,
                {"regle": "rule", "suspension_des_le_score": "hold_from_score", **DATED},
                ("rule", "valid_from"),
                optional=("suspension_des_le_score", *DATED_OPTIONAL),
            )
        ],
    ),
    ImportSpec(
        "controle-restrictions",
        "Restrictions des actes (sexe, âge)",
        [
            Part(
                m.CodeRestriction,
                {
                    "code": "code",
                    "libelle": "label",
                    "sexe": "sex",
                    "age_min": "min_age",
                    "age_max": "max_age",
                    **DATED,
                },
                ("code", "valid_from"),
                optional=("sexe", "age_min", "age_max", *DATED_OPTIONAL),
            )
        ],
    ),  # fmt: skip
    ImportSpec(
        "controle-forfaits",
        "Forfaits et leurs composantes",
        [
            Part(
                m.CodeBundle,
                {
                    "code": "code",
                    "libelle": "label",
                    "codes_compris": "included",
                    "jours": "days",
                    "coefficient_max": "max_coefficient",
                    **DATED,
                },
                ("code", "valid_from"),
                optional=("jours", "coefficient_max", *DATED_OPTIONAL),
            )
        ],
    ),  # fmt: skip
]

BY_NAME = {spec.name: spec for spec in SPECS}

# The order in which the sample set loads (later files refer to earlier ones).
SAMPLE_FILES = [
    ("regions", "regions.csv"),
    ("delegations", "delegations.csv"),
    ("villes", "villes.csv"),
    ("regimes", "regimes.csv"),
    ("parametres", "parametres.csv"),
    ("taux-cotisation", "taux_cotisation.csv"),
    ("taux-remboursement", "taux_remboursement.csv"),
    ("lettres-cles", "lettres_cles.csv"),
    ("forfaits", "forfaits.csv"),
    ("medicaments", "medicaments.csv"),
    ("dispositifs", "dispositifs.csv"),
    ("ald", "ald.csv"),
    ("prestataires", "prestataires.csv"),
    ("pieces", "pieces.csv"),
    ("types-pec", "types_pec.csv"),
    ("pieces-exigees", "pieces_exigees.csv"),
    ("controle-parametres", "controle_parametres.csv"),
    ("controle-regles", "controle_regles.csv"),
    ("controle-restrictions", "controle_restrictions.csv"),
    ("controle-forfaits", "controle_forfaits.csv"),
]
