"""REST (one ninja router per app) and fhir/.

This bounded context is planned in DESIGN.md and arrives with its own issue."""
