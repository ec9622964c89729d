"""The referential values the adjudication engine reads, held in memory. Pure: no Django.

A `DatedTable` maps a key (a letter key and a sector, an EAN-13...) to its dated rows and
answers "which row is in force on this day" with a binary search. The batch path builds one
snapshot for millions of lines; the single-claim path builds one from the same loader.
"""

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

ALL_SECTORS = "all"
# establishment kinds a forfait row may be restricted to (referentials.choices.EstablishmentKind)
ESTABLISHMENT_LABELS = {
    "private": "clinique ou centre privé",
    "chu_military": "CHU ou hôpital militaire",
    "public_hospital": "autre hôpital public",
}


@dataclass(frozen=True)
class Dated:
    valid_from: date
    valid_to: date | None
    value: Any


class DatedTable:
    def __init__(self, rows: Iterable[tuple[Hashable, Dated]] = ()):
        grouped: dict[Hashable, list[Dated]] = defaultdict(list)
        for key, row in rows:
            grouped[key].append(row)
        self._rows = {k: sorted(v, key=lambda r: r.valid_from) for k, v in grouped.items()}
        self._starts = {k: [r.valid_from for r in v] for k, v in self._rows.items()}

    def __contains__(self, key: Hashable) -> bool:
        return key in self._rows

    def on(self, key: Hashable, day: date) -> Any | None:
        """The value of `key` in force on `day`, or None."""
        starts = self._starts.get(key)
        if not starts:
            return None
        i = bisect_right(starts, day) - 1
        if i < 0:
            return None
        row = self._rows[key][i]
        return row.value if row.valid_to is None or day <= row.valid_to else None

    def on_sector(self, key: Hashable, sector: str, day: date) -> Any | None:
        """The value for the sector, else the value for all sectors."""
        value = self.on((key, sector), day)
        return self.on((key, ALL_SECTORS), day) if value is None else value


@dataclass(frozen=True)
class MedicinePrice:
    ppv: Decimal
    pbr: Decimal | None
    reimbursable: bool


@dataclass(frozen=True)
class Item:
    """A letter key, a forfait or a device: what it is and whether it needs an agreement."""

    label: str
    care_category: str
    needs_authorization: bool = False


@dataclass(frozen=True)
class Tariffs:
    letter_keys: dict[str, Item] = field(default_factory=dict)
    letter_key_values: DatedTable = field(default_factory=DatedTable)  # (code, sector)
    forfaits: dict[str, Item] = field(default_factory=dict)
    # (code, sector) for every establishment, (code, sector, establishment kind) for one kind
    forfait_values: DatedTable = field(default_factory=DatedTable)
    medicines: dict[str, str] = field(default_factory=dict)  # ean13 -> label
    medicine_prices: DatedTable = field(default_factory=DatedTable)  # ean13 -> MedicinePrice
    devices: dict[str, Item] = field(default_factory=dict)
    device_forfaits: DatedTable = field(default_factory=DatedTable)  # code
    rates: DatedTable = field(default_factory=DatedTable)  # ((scheme, category), sector)
    parameters: DatedTable = field(default_factory=DatedTable)  # (scheme, parameter code)

    def rate(self, scheme: str, category: str, sector: str, day: date) -> Decimal | None:
        return self.rates.on_sector((scheme, category), sector, day)

    def forfait_value(self, code: str, sector: str, establishment: str, day: date):
        """The forfait's amount for this establishment kind (its sector's, else every
        sector's), else the amount for every establishment; None when no row applies."""
        table = self.forfait_values
        if establishment:
            value = table.on((code, sector, establishment), day)
            if value is None:
                value = table.on((code, ALL_SECTORS, establishment), day)
            if value is not None:
                return value
        return table.on_sector(code, sector, day)

    def forfait_establishments(self, code: str, sector: str, day: date) -> list[str]:
        """The establishment kinds that may bill this forfait on that day (to explain why
        another kind may not)."""
        table = self.forfait_values
        return [
            kind
            for kind in ESTABLISHMENT_LABELS
            if table.on((code, sector, kind), day) is not None
            or table.on((code, ALL_SECTORS, kind), day) is not None
        ]

    def parameter(self, scheme: str, code: str, day: date) -> Decimal | None:
        return self.parameters.on((scheme, code), day)
