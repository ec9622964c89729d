"""Prior authorisations (prises en charge), direct-billing agreements, provider billing.

Pure cores: `rules.py` (the instant decision) and `billing.py` (an invoice against its
agreement). See docs/authorizations.md."""
