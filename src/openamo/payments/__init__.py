"""Payments: runs of payment orders to insured members and providers, bank files, holds."""
