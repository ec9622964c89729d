"""Prior authorisations, document checklist, decisions, provider billing.

This bounded context is planned in DESIGN.md and arrives with its own issue."""
