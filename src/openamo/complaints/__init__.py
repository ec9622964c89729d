"""Complaints and their service-level deadlines.

This bounded context is planned in DESIGN.md and arrives with its own issue."""
