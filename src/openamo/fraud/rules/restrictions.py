"""Care a beneficiary cannot receive: by sex (an obstetric act for a man) or by age (a child's
frame past 16), from the nomenclature's restrictions."""

from .facts import Context, Hit, LineFact

SEX = "sex_incompatible"
AGE = "age_incompatible"
SEXES = {"M": "un homme", "F": "une femme"}


def detect(lines: list[LineFact], ctx: Context) -> list[Hit]:
    hits = []
    for x in lines:
        for rule in ctx.restrictions:
            if not rule.matches(x.code):
                continue
            what = rule.label or x.code
            if rule.sex and x.sex and x.sex != rule.sex:
                hits.append(_hit(SEX, x, f"{what} facturé pour {SEXES.get(x.sex, x.sex)}."))
                break
            age = x.age_on(x.care_date)
            if rule.min_age is not None and age < rule.min_age:
                hits.append(
                    _hit(AGE, x, f"{what} facturé à {age} ans (à partir de {rule.min_age} ans).")
                )
                break
            if rule.max_age is not None and age > rule.max_age:
                hits.append(
                    _hit(AGE, x, f"{what} facturé à {age} ans (jusqu'à {rule.max_age} ans).")
                )
                break
    return hits


def _hit(reason: str, x: LineFact, text: str) -> Hit:
    return Hit(
        reason,
        reason,
        text,
        (x.line_id,),
        x.beneficiary_id,
        x.executor,
        0.99,
        x.amount,
        {"code": x.code, "sex": x.sex, "age": x.age_on(x.care_date)},
        f"{reason}:{x.line_id}",
    )
