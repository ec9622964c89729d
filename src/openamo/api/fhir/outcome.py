"""Errors as OperationOutcome: severity, code, a French diagnostic and the FHIR path at fault."""

from collections.abc import Iterable
from dataclasses import dataclass

from .models import OperationOutcome


@dataclass(frozen=True)
class Issue:
    diagnostics: str
    code: str = "invalid"  # FHIR issue-type: invalid, required, value, not-found, login...
    expression: str | None = None
    severity: str = "error"


class FhirError(Exception):
    """An error answered as an OperationOutcome with this HTTP status."""

    def __init__(self, status: int, *issues: Issue):
        super().__init__("; ".join(i.diagnostics for i in issues))
        self.status, self.issues = status, issues

    @classmethod
    def one(cls, status: int, diagnostics: str, code: str = "invalid", expression=None):
        return cls(status, Issue(diagnostics, code, expression))


def operation_outcome(issues: Iterable[Issue]) -> OperationOutcome:
    return OperationOutcome(
        issue=[
            {
                "severity": i.severity,
                "code": i.code,
                "diagnostics": i.diagnostics,
                **({"expression": [i.expression]} if i.expression else {}),
            }
            for i in issues
        ]
    )


def _path(resource_type: str, loc: Iterable) -> str:
    """('item', 0, 'quantity') → Claim.item[0].quantity (pydantic's location as FHIRPath)."""
    path = resource_type
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part != "__root__":
            path += f".{part}"
    return path


PYDANTIC_MESSAGES = {
    "missing": "élément obligatoire absent",
    "extra_forbidden": "élément inconnu dans cette ressource",
}


def pydantic_issues(resource_type: str, exc) -> list[Issue]:
    """A pydantic ValidationError from fhir.resources, one issue per error, in French."""
    issues = []
    for error in exc.errors()[:50]:
        kind = error.get("type", "")
        message = PYDANTIC_MESSAGES.get(kind) or f"valeur invalide : {error.get('msg', '')}"
        code = "required" if kind == "missing" else "structure" if "forbidden" in kind else "value"
        issues.append(Issue(message, code, _path(resource_type, error.get("loc", ()))))
    return issues or [Issue("ressource invalide", "structure", resource_type)]
