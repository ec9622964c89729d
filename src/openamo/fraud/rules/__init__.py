"""The fraud rules: one small pure module per rule (facts in, hits out; no Django, no I/O).

`RULES` maps each rule's name to its `detect(lines, ctx)`; `rules_run` runs them all (or some)
over a set of lines, such as a batch's claims with their beneficiaries' history.
"""

from collections.abc import Callable, Iterable

from . import (
    after_death,
    dialysis,
    duplicates,
    during_stay,
    phantom_stay,
    prescription_reuse,
    quantity,
    restrictions,
    shopping,
    unbundling,
)
from .facts import Bundle, Context, Hit, LineFact, Restriction

Detect = Callable[[list[LineFact], Context], list[Hit]]

RULES: dict[str, Detect] = {
    duplicates.RULE: duplicates.detect,
    unbundling.RULE: unbundling.detect,
    quantity.RULE: quantity.detect,
    "restrictions": restrictions.detect,  # sex_incompatible and age_incompatible
    after_death.RULE: after_death.detect,
    during_stay.RULE: during_stay.detect,
    dialysis.RULE: dialysis.detect,
    phantom_stay.RULE: phantom_stay.detect,
    shopping.RULE: shopping.detect,
    prescription_reuse.RULE: prescription_reuse.detect,
}


def rules_run(lines: list[LineFact], ctx: Context, only: Iterable[str] | None = None) -> list[Hit]:
    names = list(only) if only is not None else list(RULES)
    unknown = [n for n in names if n not in RULES]
    if unknown:
        raise ValueError(f"règle inconnue : {', '.join(unknown)}")
    return [hit for name in names for hit in RULES[name](lines, ctx)]


__all__ = ["RULES", "Bundle", "Context", "Hit", "LineFact", "Restriction", "rules_run"]
