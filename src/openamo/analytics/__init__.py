"""Extraction, KPIs, dashboard data, actuarial studies, Spark runner.

This bounded context is planned in DESIGN.md and arrives with its own issue."""
