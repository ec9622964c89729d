"""Who did what, who saw what.

This bounded context is planned in DESIGN.md and arrives with its own issue."""
