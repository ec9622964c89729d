"""Pure mappings between OpenAMO's domain objects and FHIR models (`..models`): no ORM query,
no I/O. The selectors hand them records; the views render what they return."""
