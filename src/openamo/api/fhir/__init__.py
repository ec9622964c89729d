"""The FHIR R4 API (R4B models of fhir.resources), mounted at /fhir/: see docs/fhir.md."""
