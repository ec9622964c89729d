"""The whole generation, pure: from the catalogue and a seed to the chunks of the fund."""

from dataclasses import dataclass

from . import authz, care, fraud, population, shape
from . import care as care_module
from .payroll import family_payroll
from .refs import Catalogue
from .span import Span


def plan(catalogue: Catalogue, beneficiaries: int, seed: int, year, rates, regno_offset=0):
    """The generated providers and the arguments of `chunks_generate`. `year` is a calendar
    year or a `Span` (the twelve months up to a day)."""
    span = Span.coerce(year)
    providers = population.providers_generate(seed, beneficiaries, catalogue)
    pool = population.ProviderPool(list(catalogue.providers) + providers)
    pctx = population.context_build(catalogue, span, regno_offset=regno_offset)
    cctx = care.CareContext(
        span, pool, care.MedicineIndex(catalogue.medicines), catalogue.forfaits, catalogue.devices
    )
    state = fraud.FraudState(rates)
    return providers, (seed, beneficiaries, pctx, cctx, state, catalogue.rate_rows, span)


@dataclass
class Chunk:
    families: list
    claims: list
    labels: list
    pay: list
    requests: list  # authz.RequestSpec: the agreements behind the claims, the waiting ones


def chunk_generate(
    seed, chunk, count, pctx, cctx, state, rate_rows_, span, limit=None, care=""
) -> Chunk:
    """One chunk, pure: families, fraud on the population, rights, claims, fraud on claims,
    deposit dates, payroll. `limit` trims the chunk to a number of beneficiaries. `care` names
    other draws of the care and the requests for the same population (a fund brought
    forward: `synth.forward`)."""
    families = population.families_generate(seed, chunk, count, pctx)
    if limit is not None:
        families = _trim(families, limit)
    frng = population.rng_for(seed, "fraud", chunk)
    labels = fraud.population_inject(frng, families, state, span)
    for family in families:
        population.rights_derive(family, pctx.rules)
    crng = population.rng_for(seed, f"care{care}", chunk)
    claims = care_module.claims_generate(crng, families, cctx)
    dead = [x for x in labels if x.pattern == "care_after_death"]
    labels += fraud.claims_inject(frng, families, claims, state, cctx, dead)
    care_module.deposit_fill(population.rng_for(seed, f"deposit{care}", chunk), claims)
    claims = _deposited(claims, span.end)
    pay = [line for f in families for line in family_payroll(f, rate_rows_, span, "CMR")]
    arng = population.rng_for(seed, f"authz{care}", chunk)
    persons = sum(1 for f in families for p in f.persons if not p.fictitious)
    requests = authz.granted_generate(arng, claims, span)
    requests += authz.waiting_generate(arng, families, cctx, authz.waiting_count(persons))
    requests += authz.reviewed_generate(arng, families, cctx, authz.reviewed_count(persons))
    return Chunk(families, claims, labels, pay, requests)


def _deposited(claims, end):
    """The claims deposited by the span's last day (the others are still with the insured);
    the injected frauds' claims all kept, their deposit brought back to that day at the latest
    (so each pattern keeps its rate and shape)."""
    out = []
    for claim in claims:
        if claim.deposit_date > end and claim.marks:
            claim.deposit_date = end
        if claim.deposit_date <= end:
            out.append(claim)
    return out


def _trim(families, limit: int):
    out, total = [], 0
    for family in families:
        if total >= limit:
            break
        room = limit - total
        if len(family.persons) > room:
            family.persons = family.persons[:room]
            ranks = {p.rank for p in family.persons}
            family.events = [e for e in family.events if e[2] is None or e[2] in ranks]
        out.append(family)
        total += len(family.persons)
    return out


def chunks_generate(seed, beneficiaries, pctx, cctx, state, rate_rows_, span, care=""):
    """The chunks of a fund of `beneficiaries`, in order (pure, sequential: deterministic)."""
    done, chunk = 0, 0
    while done < beneficiaries:
        result = chunk_generate(
            seed, chunk, shape.FAMILIES_PER_CHUNK, pctx, cctx, state, rate_rows_, span,
            beneficiaries - done, care,
        )  # fmt: skip
        done += sum(len(f.persons) for f in result.families)
        done -= sum(1 for f in result.families for p in f.persons if p.fictitious)
        chunk += 1
        yield result
