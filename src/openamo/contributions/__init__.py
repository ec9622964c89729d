"""Declarations, contribution computation, calls, receipts and arrears, rights opening.

`computation.py` (the shares per scheme and month) and `ledger.py` (due dates, matching,
arrears) are pure; `lines.py` checks declaration lines as text; `services.py` writes.
"""
