"""What the pure generator reads from the referentials, as plain frozen data (no Django)."""

from dataclasses import dataclass, field
from decimal import Decimal

from openamo.members.rights import SchemeRules


@dataclass(frozen=True)
class CityRef:
    name: str
    region: str  # region code
    population: int


@dataclass(frozen=True)
class ProviderRef:
    inpe: str
    name: str
    kind: str
    specialty: str
    sector: str
    city: str
    region: str
    generated: bool = True


@dataclass(frozen=True)
class MedicineRef:
    ean13: str
    inn: str
    ppv: Decimal
    generic: bool


@dataclass(frozen=True)
class AldRef:
    code: str
    label: str
    lifetime: bool


@dataclass(frozen=True)
class Catalogue:
    """The referentials a fund is generated against (loaded once by the services)."""

    cities: tuple[CityRef, ...]
    providers: tuple[ProviderRef, ...]  # the referential's own providers
    medicines: tuple[MedicineRef, ...]
    ald: tuple[AldRef, ...]
    rules: SchemeRules
    rate_rows: tuple = ()  # contributions.computation.RateRow of the scheme
    forfaits: frozenset[str] = field(default_factory=frozenset)
    devices: frozenset[str] = field(default_factory=frozenset)
