"""Declarations, contribution computation, calls, receipts, rights opening.

This bounded context is planned in DESIGN.md and arrives with its own issue."""
