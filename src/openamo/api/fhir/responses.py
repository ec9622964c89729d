"""Rendering shared by the views: FHIR JSON without nulls, service errors as issues."""

import dataclasses

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse

from openamo.api import idempotency

from . import systems
from .mapping.claim_in import service_error_path
from .outcome import FhirError, Issue


def base_url(request) -> str:
    """The FHIR base, absolute (`http://host/fhir/`): resources' fullUrl and links start with it."""
    return request.build_absolute_uri(reverse("fhir:root"))


def respond(resource, status: int = 200, **headers) -> HttpResponse:
    response = HttpResponse(
        resource.model_dump_json(exclude_none=True), status=status, content_type=systems.FHIR_JSON
    )
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def service_error(exc: ValidationError, path=service_error_path) -> FhirError:
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return FhirError(
        400,
        *(
            Issue(message, "business-rule" if name == "status" else "value", path(name))
            for name, messages in detail.items()
            for message in messages
        ),
    )


def submission_fingerprint(submission) -> str:
    """What a FHIR submission asked, for the idempotency check (the key left out)."""
    asked = dataclasses.asdict(submission)
    asked.pop("idempotency_key")
    return idempotency.fingerprint(asked)
