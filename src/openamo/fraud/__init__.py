"""Rules, detectors, alerts, cases, the 360-degree view.

This bounded context is planned in DESIGN.md and arrives with its own issue."""
