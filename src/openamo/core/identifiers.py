"""Identifier checks. Each `*_problem` returns None when the value is valid, or the reason in
French when it is not; `normalize_*` gives the canonical form. Pure: no Django.

Formats (DOMAIN.md section 9): CIN 1-2 letters + 1-6 digits [S]; INPE 9 digits [I, format not
confirmed, kept in one place here]; EAN-13 with its check digit; RIB 24 digits (bank 3, city 3,
account 16, key 2), the whole number ≡ 0 mod 97; IBAN "MA" + 2 check digits + the RIB;
ICD-10 letter + 2 digits with an optional subdivision (N04, E11.9, S72.00).
"""

import re

CIN_RE = re.compile(r"^[A-Z]{1,2}[0-9]{1,6}$")
INPE_RE = re.compile(r"^[0-9]{9}$")
ICD10_RE = re.compile(r"^[A-Z][0-9]{2}[0-9A-Z]?(\.[0-9A-Z]{1,4})?$")


def _compact(value: str) -> str:
    return re.sub(r"[\s\-.]", "", str(value or "")).upper()


def normalize_cin(value: str) -> str:
    return _compact(value)


def cin_problem(value: str) -> str | None:
    cin = normalize_cin(value)
    if not cin:
        return "le CIN est vide"
    if not CIN_RE.match(cin):
        return f"« {value} » n'est pas un CIN : une ou deux lettres suivies de 1 à 6 chiffres"
    return None


def inpe_problem(value: str) -> str | None:
    inpe = _compact(value)
    if not INPE_RE.match(inpe):
        return f"« {value} » n'est pas un INPE : 9 chiffres attendus"
    return None


def ean13_check_digit(first12: str) -> int:
    """The EAN-13 check digit of 12 digits (weights 1, 3 alternating from the left)."""
    if len(first12) != 12 or not first12.isdigit():
        raise ValueError("12 chiffres attendus")
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return (10 - total % 10) % 10


def ean13_problem(value: str) -> str | None:
    code = _compact(value)
    if len(code) != 13 or not code.isdigit():
        return f"« {value} » n'est pas un EAN-13 : 13 chiffres attendus"
    expected = ean13_check_digit(code[:12])
    if int(code[12]) != expected:
        return f"clé de contrôle EAN-13 invalide : {code[12]} au lieu de {expected}"
    return None


def rib_key(first22: str) -> int:
    """The 2-digit RIB key making the 24-digit number divisible by 97."""
    if len(first22) != 22 or not first22.isdigit():
        raise ValueError("22 chiffres attendus")
    return 97 - (int(first22) * 100) % 97


def normalize_rib(value: str) -> str:
    return _compact(value)


def rib_problem(value: str) -> str | None:
    rib = normalize_rib(value)
    if len(rib) != 24 or not rib.isdigit():
        return f"« {value} » n'est pas un RIB : 24 chiffres attendus (banque 3, ville 3, compte 16, clé 2)"
    if int(rib) % 97 != 0:
        return f"clé RIB invalide : {rib[22:]} au lieu de {rib_key(rib[:22]):02d}"
    return None


def iban_check_digits(country: str, bban: str) -> int:
    rearranged = bban + country + "00"
    digits = "".join(str(int(c, 36)) for c in rearranged)
    return 98 - int(digits) % 97


def iban_problem(value: str) -> str | None:
    iban = _compact(value)
    if not (iban.startswith("MA") and len(iban) == 28 and iban[2:].isdigit()):
        return f"« {value} » n'est pas un IBAN marocain : MA suivi de 26 chiffres"
    if int("".join(str(int(c, 36)) for c in iban[4:] + iban[:4])) % 97 != 1:
        return "clé de contrôle IBAN invalide"
    return rib_problem(iban[4:])


def iban_from_rib(rib: str) -> str:
    rib = normalize_rib(rib)
    return f"MA{iban_check_digits('MA', rib):02d}{rib}"


def normalize_icd10(value: str) -> str:
    return re.sub(r"\s", "", str(value or "")).upper()


def icd10_problem(value: str) -> str | None:
    if not ICD10_RE.match(normalize_icd10(value)):
        return f"« {value} » n'est pas un code CIM-10 : une lettre, deux chiffres, puis éventuellement un point et une subdivision (ex. E11.9)"
    return None
