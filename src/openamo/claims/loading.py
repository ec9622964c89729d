"""Set-wise loading of what the engine needs: the tariffs once, and per chunk of claims their
lines, the beneficiaries' coverage, the lines already paid. A fixed number of queries per chunk,
whatever its size."""

from collections import defaultdict
from collections.abc import Iterable

from openamo.members.models import AldExemption, RightsKind, RightsPeriod
from openamo.referentials import models as ref
from openamo.referentials.cache import referential_cached, stamp_read
from openamo.referentials.choices import EstablishmentKind, establishment_kind_of

from . import engine
from .models import Claim, ClaimLine, ClaimStatus, LineReview, ReviewDecision, StatementLine
from .tariffs import Dated, DatedTable, Item, MedicinePrice, Tariffs

# adjudicated claims, including those held for review after adjudication: their accepted lines
# count as already paid for the next claims (the batch and the single path agree)
ALL_ESTABLISHMENTS = EstablishmentKind.ALL.value
SETTLED = (ClaimStatus.ADJUDICATED, ClaimStatus.PAID, ClaimStatus.MEDICAL_REVIEW)


def _dated(rows: Iterable, key, value) -> DatedTable:
    return DatedTable((key(r), Dated(r.valid_from, r.valid_to, value(r))) for r in rows)


def tariffs_load() -> Tariffs:
    """Every tariff, rate and parameter, with its periods (a dozen queries)."""
    return Tariffs(
        letter_keys={k.code: Item(k.label, k.care_category) for k in ref.LetterKey.objects.all()},
        letter_key_values=_dated(
            ref.LetterKeyValue.objects.select_related("letter_key"),
            lambda r: (r.letter_key.code, r.sector),
            lambda r: r.value,
        ),
        forfaits={
            f.code: Item(f.label, f.care_category, f.requires_prior_approval)
            for f in ref.TariffForfait.objects.all()
        },
        forfait_values=_dated(
            ref.TariffForfaitValue.objects.select_related("forfait"),
            lambda r: (
                (r.forfait.code, r.sector, r.establishment_kind)
                if r.establishment_kind not in ("", ALL_ESTABLISHMENTS)
                else (r.forfait.code, r.sector)
            ),
            lambda r: r.amount,
        ),
        medicines={
            ean: f"{brand} {dosage} {form}".replace("  ", " ").strip()
            for ean, brand, dosage, form in ref.Medicine.objects.values_list(
                "ean13", "brand", "dosage", "form"
            )
        },
        medicine_prices=_dated(
            ref.MedicinePrice.objects.select_related("medicine"),
            lambda r: r.medicine.ean13,
            lambda r: MedicinePrice(r.ppv, r.pbr, r.reimbursable),
        ),
        devices={
            d.code: Item(
                d.label,
                d.category if d.category == "optics" else "device",
                d.requires_prior_approval,
            )
            for d in ref.Device.objects.all()
        },
        device_forfaits=_dated(
            ref.DeviceForfait.objects.select_related("device"),
            lambda r: r.device.code,
            lambda r: r.amount,
        ),
        rates=_dated(
            ref.ReimbursementRate.objects.select_related("scheme"),
            lambda r: ((r.scheme.code, r.care_category), r.sector),
            lambda r: r.rate,
        ),
        parameters=_dated(
            ref.SchemeParameter.objects.select_related("scheme"),
            lambda r: (r.scheme.code, r.code),
            lambda r: r.value,
        ),
    )


def providers_load() -> dict[str, engine.ProviderFacts]:
    return {
        inpe: engine.ProviderFacts(sector, active, establishment_kind_of(kind, sector))
        for inpe, sector, active, kind in ref.Provider.objects.values_list(
            "inpe", "sector", "active", "kind"
        )
    }


def referentials_cached() -> tuple[Tariffs, dict[str, engine.ProviderFacts], str]:
    """The tariffs and the providers, loaded once per referential version in this process (the
    single-claim path: one query to check the version instead of a dozen to load them), and
    that version's token (the pre-payment screening reuses it)."""
    token = stamp_read()
    return (
        referential_cached("claims.tariffs", tariffs_load, token),
        referential_cached("claims.providers", providers_load, token),
        token,
    )


def _period(start, end) -> engine.Period:
    return engine.Period(start, end)


def coverages_load(beneficiary_ids: list[int]) -> dict[int, engine.Coverage]:
    rights, ald_only, suspended = defaultdict(list), defaultdict(list), defaultdict(list)
    bucket = {
        RightsKind.OPEN: rights,
        RightsKind.MAINTAINED: rights,
        RightsKind.ALD_CONTINUITY: ald_only,
        RightsKind.SUSPENDED: suspended,
    }
    for bid, kind, start, end in RightsPeriod.objects.filter(
        beneficiary_id__any=beneficiary_ids
    ).values_list("beneficiary_id", "kind", "starts_on", "ends_on"):
        bucket[kind][bid].append(_period(start, end))
    exemptions = defaultdict(list)
    for bid, code, start, end in AldExemption.objects.filter(
        beneficiary_id__any=beneficiary_ids
    ).values_list("beneficiary_id", "condition__code", "starts_on", "ends_on"):
        exemptions[bid].append((code, _period(start, end)))
    return {
        bid: engine.Coverage(
            tuple(rights[bid]), tuple(exemptions[bid]), tuple(ald_only[bid]), tuple(suspended[bid])
        )
        for bid in beneficiary_ids
    }


def paid_keys_load(beneficiary_ids: list[int], excluding: Iterable[int] = ()) -> set[tuple]:
    """Duplicate keys of the accepted lines of the settled claims of these beneficiaries,
    read from each claim's latest statement."""
    rows = (
        StatementLine.objects.filter(
            statement__claim__beneficiary_id__any=beneficiary_ids,
            statement__claim__status__in=SETTLED,
            rejection_code="",
        )
        .exclude(statement__claim_id__any=list(excluding))
        .values_list(
            "statement__claim_id",
            "statement__version",
            "statement__claim__beneficiary_id",
            "claim_line__kind",
            "claim_line__code",
            "claim_line__executor_inpe",
            "claim_line__care_date",
        )
    )
    latest: dict[int, int] = {}
    keyed = []
    for claim_id, version, *key in rows:
        latest[claim_id] = max(version, latest.get(claim_id, 0))
        keyed.append((claim_id, version, tuple(key)))
    return {key for claim_id, version, key in keyed if version == latest[claim_id]}


def reviews_load(claim_ids: list[int]) -> dict[int, engine.Review]:
    """The latest medical review of each reviewed line of these claims, by line id."""
    latest: dict[int, engine.Review] = {}
    for line_id, decision, base, justification in (
        LineReview.objects.filter(claim_line__claim_id__any=claim_ids)
        .order_by("claim_line_id", "at", "id")
        .values_list("claim_line_id", "decision", "base", "justification")
    ):
        latest[line_id] = engine.Review(
            justification, decision == ReviewDecision.REJECT, None if base is None else base
        )
    return latest


def claims_load(claim_ids: list[int]) -> list[tuple[int, engine.Claim, dict[int, int]]]:
    """The engine's view of these claims in id order, with each line number's row id and the
    latest medical review of each reviewed line."""
    lines, line_ids = defaultdict(list), defaultdict(dict)
    reviews = reviews_load(claim_ids)
    for row in (
        ClaimLine.objects.filter(claim_id__any=claim_ids)
        .order_by("claim_id", "number")
        .values_list(
            "id",
            "claim_id",
            "number",
            "kind",
            "code",
            "care_date",
            "executor_inpe",
            "coefficient",
            "quantity",
            "charged",
            "prescriber_inpe",
            "prescribed_quantity",
            "ald_code",
            "authorization_ref",
        )
    ):
        (
            line_id,
            claim_id,
            number,
            kind,
            code,
            day,
            inpe,
            coef,
            qty,
            charged,
            prescriber,
            prescribed,
            ald,
            auth,
        ) = row
        line_ids[claim_id][number] = line_id
        lines[claim_id].append(
            engine.Line(
                number,
                kind,
                code,
                day,
                inpe,
                coef,
                qty,
                charged,
                prescriber or None,
                prescribed,
                ald or None,
                auth or None,
                reviews.get(line_id),
            )
        )
    claims = (
        Claim.objects.filter(id__any=claim_ids)
        .order_by("id")
        .values_list(
            "id",
            "reference",
            "beneficiary_id",
            "scheme__code",
            "deposit_date",
            "continuous_treatment",
        )
    )
    return [
        (
            cid,
            engine.Claim(ref_, bid, scheme, deposit, tuple(lines[cid]), continuous),
            line_ids[cid],
        )
        for cid, ref_, bid, scheme, deposit, continuous in claims
    ]


def authorizations_load(beneficiary_ids: list[int]) -> dict[str, engine.Authorization]:
    """Prior authorisations granted to these beneficiaries, by reference. The authorisations
    context provides `agreements_for_claims`; until it exists there are none."""
    try:
        from openamo.authorizations.selectors import agreements_for_claims
    except ImportError:
        return {}
    return agreements_for_claims(beneficiary_ids=beneficiary_ids)
