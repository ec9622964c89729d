"""The synthetic fund generator.

This bounded context is planned in DESIGN.md and arrives with its own issue."""
