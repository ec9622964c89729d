"""AMC products and contracts, remainder computation, AMC flows.

This bounded context is planned in DESIGN.md and arrives with its own issue."""
