"""Where the analytical copy lives: `<var>/analytics/<table>/part-NNNNN.parquet` + `state.json`.

A part is written to a temporary name and renamed, and the state (the watermarks) is written
after the parts: a refresh stopped half-way leaves a copy that the next refresh completes.
"""

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from django.conf import settings


def root() -> Path:
    path = Path(os.environ.get("OPENAMO_ANALYTICS_DIR", settings.VAR_DIR / "analytics"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def table_dir(name: str) -> Path:
    return root() / name


def _parts(name: str) -> list[Path]:
    folder = table_dir(name)
    return sorted(folder.glob("part-*.parquet")) if folder.exists() else []


def has_parts(name: str) -> bool:
    return bool(_parts(name))


def glob(name: str) -> str:
    return str(table_dir(name) / "part-*.parquet")


def scan(name: str) -> pl.LazyFrame:
    return pl.scan_parquet(glob(name))


def _write(name: str, frame: pl.DataFrame, number: int) -> Path:
    folder = table_dir(name)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"part-{number:05d}.parquet"
    temporary = folder / f".tmp-{number:05d}.parquet"
    frame.write_parquet(temporary, statistics=True)
    temporary.replace(path)
    return path


def append(name: str, frame: pl.DataFrame) -> None:
    parts = _parts(name)
    _write(name, frame, int(parts[-1].stem.split("-")[1]) + 1 if parts else 0)


def rewrite(name: str, frame: pl.DataFrame) -> None:
    """Replace the table by one part (numbered after the old ones, which are then removed)."""
    old = _parts(name)
    _write(name, frame, int(old[-1].stem.split("-")[1]) + 1 if old else 0)
    for path in old:
        path.unlink()


def _state_path() -> Path:
    return root() / "state.json"


def state() -> dict:
    path = _state_path()
    return json.loads(path.read_text()) if path.exists() else {"tables": {}}


def _save(data: dict) -> None:
    temporary = root() / ".state.json"
    temporary.write_text(json.dumps(data, indent=1, sort_keys=True))
    temporary.replace(_state_path())


def table_state(name: str) -> dict:
    return state()["tables"].get(name, {})


def save_table_state(name: str, marks: dict) -> None:
    data = state()
    data["tables"][name] = marks
    _save(data)


def save_refreshed() -> None:
    data = state()
    data["refreshed_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    _save(data)


def refreshed_at() -> datetime | None:
    value = state().get("refreshed_at")
    return datetime.fromisoformat(value) if value else None
