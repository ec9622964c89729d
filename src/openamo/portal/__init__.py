"""The pages for each role.

This bounded context is planned in DESIGN.md and arrives with its own issue."""
