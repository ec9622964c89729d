"""Shared kernel: money, identifiers, dated validity, errors."""
