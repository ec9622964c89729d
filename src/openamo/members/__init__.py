"""Members, dependents, employers, rights periods, ALD exemptions, eligibility.

This bounded context is planned in DESIGN.md and arrives with its own issue."""
