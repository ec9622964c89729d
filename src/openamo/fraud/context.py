"""The rules' context on a date, from the control referentials in force that day."""

from datetime import date

from openamo.referentials import models as ref

from .rules import Bundle, Context, Restriction


def rules_context(day: date) -> Context:
    """Thresholds, restrictions and bundles in force on `day` (four queries)."""
    return Context(
        thresholds={
            code: value
            for code, value in ref.ControlParameter.objects.in_force_on(day).values_list(
                "code", "value"
            )
        },
        restrictions=tuple(
            Restriction(r.code, r.sex, r.min_age, r.max_age, r.label)
            for r in ref.CodeRestriction.objects.in_force_on(day)
        ),
        bundles=tuple(
            Bundle(
                b.code,
                b.included_codes,
                days=b.days,
                max_coefficient=b.max_coefficient,
                label=b.label,
            )
            for b in ref.CodeBundle.objects.in_force_on(day)
        ),
    )


def hold_scores(day: date) -> dict[str, float]:
    """Per rule, the score from which a hit holds its lines before payment (absent: never)."""
    return {
        rule: float(score)
        for rule, score in ref.ControlRuleSetting.objects.in_force_on(day).values_list(
            "rule", "hold_from_score"
        )
        if score is not None
    }
