"""The sample ALD document nomenclature, the decision templates (data/*.csv) and the default
delays: loaded by the data migration, idempotent (what an administrator edited stays)."""

import csv
from datetime import date
from pathlib import Path

DATA = Path(__file__).parent / "data"
AMO_START = date(2005, 9, 1)
SOURCE = "Procédure du contrôle médical (échantillon)"


def _rows(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def protocols_load(protocol_model) -> None:
    """The sample therapeutic protocols (data/protocols.csv), from the start of the AMO."""
    for row in _rows("protocols.csv"):
        protocol_model.objects.get_or_create(
            condition_code=row["condition_code"],
            item_kind=row["item_kind"],
            code=row["code"],
            defaults={
                "label": row["label"],
                "max_quantity": row["max_quantity"] or None,
                "period_days": int(row["period_days"]) if row["period_days"] else None,
                "valid_from": AMO_START,
                "source": SOURCE,
            },
        )


def seed_load(document_type_model, rule_model, delay_model, template_model) -> None:
    for row in _rows("ald_documents.csv"):
        document_type, _ = document_type_model.objects.get_or_create(
            code=row["document_code"], defaults={"label": row["document_label"]}
        )
        rule_model.objects.get_or_create(
            condition_code=row["condition_code"],
            document_type=document_type,
            defaults={"valid_from": AMO_START, "source": SOURCE},
        )
    if not delay_model.objects.exists():
        delay_model.objects.create(
            valid_from=AMO_START,
            decision_days=15,
            reminder_days=60,
            max_upload_bytes=5 * 1024 * 1024,
            source=SOURCE,
        )
    for row in _rows("decision_templates.csv"):
        template_model.objects.get_or_create(
            code=row["code"], defaults={"label": row["label"], "text": row["text"]}
        )
