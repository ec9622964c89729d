"""Payment orders and batches, bank files, holds.

This bounded context is planned in DESIGN.md and arrives with its own issue."""
