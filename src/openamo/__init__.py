"""OpenAMO: information system for mandatory health insurance funds."""
