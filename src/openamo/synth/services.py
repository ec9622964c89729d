"""Generate a synthetic fund into the database: the pure generator chunk by chunk, the writer
in bulk. `fund_generate` is what `openamo synth` and `openamo demo` call."""

import multiprocessing
import time
from collections.abc import Callable
from datetime import date

from django.db import connections, transaction

from openamo.contributions.selectors import rate_rows
from openamo.core.models import Sequence
from openamo.members.models import Member
from openamo.members.services import REGISTRATION_SEQUENCE, scheme_rules
from openamo.referentials import models as ref

from . import fraud, population, shape
from .fund import chunks_generate, plan
from .models import SyntheticFund
from .refs import AldRef, Catalogue, CityRef, MedicineRef, ProviderRef
from .span import Span
from .writer import FundWriter


class FundNotEmpty(Exception):
    """The database already holds members: generating would mix two funds."""


def catalogue_load(scheme: ref.Scheme) -> Catalogue:
    cities = tuple(
        CityRef(name, region, population or 1)
        for name, region, population in ref.City.objects.order_by("name").values_list(
            "name", "region__code", "population"
        )
    )
    providers = tuple(
        ProviderRef(inpe, name, kind, specialty, sector, city, region, generated=False)
        for inpe, name, kind, specialty, sector, city, region in ref.Provider.objects.filter(
            active=True
        )
        .order_by("inpe")
        .values_list(
            "inpe", "name", "kind", "specialty", "sector", "city__name", "city__region__code"
        )
    )
    prices = {}
    for ean, ppv, reimbursable in ref.MedicinePrice.objects.order_by("valid_from").values_list(
        "medicine__ean13", "ppv", "reimbursable"
    ):
        prices[ean] = (ppv, reimbursable)
    medicines = tuple(
        MedicineRef(ean, inn, prices[ean][0], generic)
        for ean, inn, generic in ref.Medicine.objects.order_by("ean13").values_list(
            "ean13", "inn", "is_generic"
        )
        if ean in prices and prices[ean][1]
    )
    ald = tuple(
        AldRef(code, label, lifetime)
        for code, label, lifetime in ref.AldCondition.objects.order_by(
            "code", "valid_from"
        ).values_list("code", "label", "lifetime_exemption")
    )
    return Catalogue(
        cities=cities,
        providers=providers,
        medicines=medicines,
        ald=ald,
        rules=scheme_rules(scheme.pk),
        rate_rows=tuple(rate_rows(scheme_id=scheme.pk)),
        forfaits=frozenset(ref.TariffForfait.objects.values_list("code", flat=True)),
        devices=frozenset(ref.Device.objects.values_list("code", flat=True)),
    )


def _produce(args, queue) -> None:
    try:
        for result in chunks_generate(*args):
            queue.put(result)
        queue.put(None)
    except BaseException as error:  # reported to the writer, which raises it
        queue.put(error)


def _chunks(args, *, parallel: bool):
    """Chunks from a generator process (generation overlaps the database's work on a second
    core) or in this process; the same chunks either way."""
    if not parallel:
        yield from chunks_generate(*args)
        return
    context = multiprocessing.get_context("fork")
    queue = context.Queue(maxsize=3)
    connections.close_all()
    process = context.Process(target=_produce, args=(args, queue), daemon=True)
    process.start()
    try:
        while (item := queue.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        process.join(timeout=5)
        if process.is_alive():
            process.terminate()


def fund_generate(
    *,
    beneficiaries: int,
    seed: int = 1,
    year: int = 2025,
    until: date | None = None,
    fraud_rates: dict[str, float] | None = None,
    progress: Callable[[int], None] | None = None,
    parallel: bool | None = None,
) -> SyntheticFund:
    """Generate a fund of about `beneficiaries` people (exactly that many) with a year of
    claims, declarations and injected fraud: calendar `year`, or the twelve months up to
    `until` (the demo passes its today). Refuses a database that already has members."""
    if parallel is None:
        parallel = False  # measured: the pickling costs more than the overlap gains (2 cores)
    if Member.objects.exists():
        raise FundNotEmpty("la base contient déjà des assurés : caisse non générée")
    started = time.perf_counter()
    scheme = ref.Scheme.objects.get(code=shape.SCHEME)
    catalogue = catalogue_load(scheme)
    rates = fraud.default_rates(fraud_rates)
    counter = Sequence.objects.filter(name=REGISTRATION_SEQUENCE).first()
    regno_offset = counter.last_value if counter else 0
    span = Span.until(until) if until else Span.of_year(year)
    fund = SyntheticFund.objects.create(
        seed=seed, beneficiaries=beneficiaries, year=span.year, until=span.end, fraud_rates=rates
    )
    providers, args = plan(catalogue, beneficiaries, seed, span, rates, regno_offset)
    ald = {
        code: (pk, label)
        for pk, code, label in ref.AldCondition.objects.values_list("pk", "code", "label")
    }
    writer = FundWriter(scheme=scheme, year=span, fund=fund, ald=ald, rates=rates)
    writer.providers_write(providers)
    writer.employers_write(population.employers_generate(), shape.MUTUELLES)
    families_total = 0
    for result in _chunks(args, parallel=parallel):
        writer.chunk_write(
            result.families, result.claims, result.labels, result.pay, result.requests
        )
        families_total = result.families[-1].index + 1
        if progress:
            progress(sum(len(f.persons) for f in result.families))
    writer.finish(families_total, regno_offset)
    with transaction.atomic():
        fund.counts = dict(writer.counts)
        fund.seconds = round(time.perf_counter() - started, 1)
        fund.save(update_fields=["counts", "seconds"])
    return fund
