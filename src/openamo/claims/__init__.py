"""Claim files and lines, the adjudication engine, statements, batch adjudication.

This bounded context is planned in DESIGN.md and arrives with its own issue."""
