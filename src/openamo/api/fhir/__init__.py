"""The FHIR R4 (4.0.1) API, mounted at /fhir/: see docs/fhir.md (models: `models.py`)."""
