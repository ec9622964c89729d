"""Use cases that write referentials."""

from pathlib import Path

from openamo.core.importing import ImportResult, import_file

from .imports import BY_NAME, SAMPLE_FILES

SAMPLE_DIR = Path(__file__).parent / "data" / "sample"


class UnknownReferential(LookupError):
    pass


def referential_import(
    *, name: str, filename: str, content: bytes, dry_run: bool = False
) -> ImportResult:
    """Import one file into the referential `name`: every row or none."""
    try:
        spec = BY_NAME[name]
    except KeyError as exc:
        known = ", ".join(BY_NAME)
        raise UnknownReferential(f"référentiel inconnu « {name} » ; connus : {known}") from exc
    return import_file(spec, filename, content, dry_run=dry_run)


def sample_referentials_load() -> list[ImportResult]:
    """Load (or refresh) the sample referential set shipped with OpenAMO, file by file."""
    results = []
    for name, filename in SAMPLE_FILES:
        path = SAMPLE_DIR / filename
        result = referential_import(name=name, filename=filename, content=path.read_bytes())
        results.append(result)
        if not result.ok:
            break
    return results
