"""The sample category tree and teams (data/*.csv), and the default delays: loaded by the data
migration, idempotent (existing codes are left as an administrator edited them)."""

import csv
from datetime import date
from pathlib import Path

DATA = Path(__file__).parent / "data"
DEFAULT_FROM = date(2020, 1, 1)
SOURCE = "Engagement de service : première réponse sous 48 heures"


def _rows(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def seed_load(team_model, category_model, route_model, delay_model) -> None:
    teams = {}
    for row in _rows("teams.csv"):
        teams[row["code"]], _ = team_model.objects.get_or_create(
            code=row["code"], defaults={"label": row["label"]}
        )
    categories = {}
    for row in _rows("categories.csv"):
        parent = categories.get(row["parent"]) if row["parent"] else None
        category, created = category_model.objects.get_or_create(
            code=row["code"], defaults={"label": row["label"], "parent": parent}
        )
        categories[row["code"]] = category
        if created and not parent:
            route_model.objects.create(category=category, team=teams[row["team"]])
    if not delay_model.objects.filter(category__isnull=True).exists():
        delay_model.objects.create(
            category=None,
            valid_from=DEFAULT_FROM,
            first_answer_hours=48,
            resolution_days=15,
            reopen_days=30,
            source=SOURCE,
        )
    pec = categories.get("pec")
    if pec is not None and not delay_model.objects.filter(category=pec).exists():
        # a refused authorisation is urgent care: resolved within 5 days
        delay_model.objects.create(
            category=pec,
            valid_from=DEFAULT_FROM,
            first_answer_hours=48,
            resolution_days=5,
            reopen_days=30,
            source=SOURCE,
        )
