"""The REST API (one ninja router per app, `v1.py`), its scoping (`scopes.py`), idempotency,
pagination and errors, and the FHIR API (`fhir/`)."""
