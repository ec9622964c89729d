"""The pre-payment screening of the therapeutic protocols, joined to the fraud rules' one.

`settings.OPENAMO_PREPAYMENT_SCREEN` names `screening_open` below: it opens the fraud rules'
screening (`INNER`) and the protocols' one, and a claim's lines held by either are held. A line
linked to an ALD and far from its protocol (`protocols.deviation`) is held for the medical
control with the reason: the claim goes to « En contrôle médical » and the deviation is kept
(`ProtocolDeviation`) for the reviewers' workspace.

Cheap on the adjudication path: a claim with no line linked to an ALD costs nothing (no query);
the protocols and the medicines' ATC codes are read once per chunk, and a beneficiary's history
of ALD-linked lines once per chunk, only when one of their claims needs it.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.utils.module_loading import import_string

from openamo.claims.models import ClaimStatus, StatementLine
from openamo.referentials.models import Medicine

from .models import ProtocolDeviation, TherapeuticProtocol
from .protocols import MEDICINE, Care, Expected, Protocols, deviation

INNER = "openamo.fraud.prepayment.screening_open"
HISTORY_STATUSES = (ClaimStatus.ADJUDICATED, ClaimStatus.PAID, ClaimStatus.MEDICAL_REVIEW)


def protocols_load() -> Protocols:
    return Protocols(
        [
            Expected(c, k, code, label, start, end, q, p)
            for c, k, code, label, start, end, q, p in TherapeuticProtocol.objects.values_list(
                "condition_code",
                "item_kind",
                "code",
                "label",
                "valid_from",
                "valid_to",
                "max_quantity",
                "period_days",
            )
        ]
    )


def atc_load() -> dict[str, str]:
    return dict(Medicine.objects.exclude(atc_code="").values_list("ean13", "atc_code"))


class ProtocolScreening:
    def __init__(self, *, claim_ids: list[int]):
        self.claim_ids = claim_ids
        self.protocols: Protocols | None = None
        self.atc: dict[str, str] = {}
        self.history: dict[int, list[Care]] = {}
        self.found: list[tuple[int, str, str]] = []  # (claim line id, ALD, reason)

    def _care(self, line) -> Care:
        atc = self.atc.get(line.code, "") if line.kind == MEDICINE else ""
        return Care(line.ald_code, line.kind, line.code, atc, line.care_date, line.quantity)

    def _history_of(self, beneficiary_id: int, since: date) -> list[Care]:
        if beneficiary_id not in self.history:
            self.history[beneficiary_id] = self._history_load(beneficiary_id, since)
        return self.history[beneficiary_id]

    def _history_load(self, beneficiary_id: int, since: date) -> list[Care]:
        """The accepted ALD-linked lines of the beneficiary's other judged claims (latest
        statement of each), from `since`."""
        rows = (
            StatementLine.objects.filter(
                statement__claim__beneficiary_id=beneficiary_id,
                statement__claim__status__in=HISTORY_STATUSES,
                claim_line__care_date__gte=since,
            )
            .exclude(claim_line__ald_code="")
            .exclude(statement__claim_id__any=self.claim_ids)
        )
        found = list(
            rows.values_list(
                "statement__claim_id",
                "statement__version",
                "rejection_code",
                "claim_line__ald_code",
                "claim_line__kind",
                "claim_line__code",
                "claim_line__care_date",
                "claim_line__quantity",
            )
        )
        latest: dict[int, int] = {}
        for claim_id, version, *_ in found:
            latest[claim_id] = max(version, latest.get(claim_id, 0))
        out = []
        for claim_id, version, rejected, ald, kind, code, day, quantity in found:
            if version == latest[claim_id] and not rejected:
                atc = self.atc.get(code, "") if kind == MEDICINE else ""
                out.append(Care(ald, kind, code, atc, day, quantity))
        return out

    def screen(self, claim_id: int, claim, line_ids: dict[int, int], result) -> dict[int, str]:
        linked = [
            (source, out)
            for source, out in zip(claim.lines, result.lines, strict=True)
            if source.ald_code and out.accepted and source.review is None
        ]
        if not linked:
            return {}
        if self.protocols is None:
            self.protocols, self.atc = protocols_load(), atc_load()
        if not any(source.ald_code in self.protocols for source, _ in linked):
            return {}
        longest = self.protocols.longest_period()
        since = min(s.care_date for s, _ in linked) - timedelta(days=longest)
        history = self._history_of(claim.beneficiary_id, since)
        held = {}
        for source, _ in linked:
            care = self._care(source)
            why = deviation(care, self.protocols, history)
            if why:
                held[source.number] = why
                self.found.append((line_ids[source.number], source.ald_code, why))
            else:
                history.append(care)  # later lines and claims of the chunk count it
        return held

    def finish(self, *, now: datetime) -> int:
        ProtocolDeviation.objects.bulk_create(
            [
                ProtocolDeviation(claim_line_id=i, condition_code=c, reason=r[:300], found_at=now)
                for i, c, r in self.found
            ],
            ignore_conflicts=True,
        )
        return len(self.found)


class Combined:
    """Several screenings as one: a line held by any is held (the first reason is given)."""

    def __init__(self, screenings):
        self.screenings = [s for s in screenings if s is not None]

    def screen(self, claim_id, claim, line_ids, result) -> dict[int, str]:
        held: dict[int, str] = defaultdict(str)
        for screening in self.screenings:
            for number, why in screening.screen(claim_id, claim, line_ids, result).items():
                held[number] = held[number] or why
        return dict(held)

    def finish(self, *, now: datetime) -> int:
        return sum(s.finish(now=now) or 0 for s in self.screenings)


def screening_open(
    *, claim_ids: list[int], beneficiary_ids: list[int], day: date, stamp: str | None = None
) -> Combined:
    """`stamp`: the referential version the caller has read, passed on to the fraud rules."""
    extra = {"stamp": stamp} if stamp else {}
    inner = import_string(INNER)(
        claim_ids=claim_ids, beneficiary_ids=beneficiary_ids, day=day, **extra
    )
    return Combined([inner, ProtocolScreening(claim_ids=claim_ids)])
