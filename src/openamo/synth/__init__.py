"""The synthetic fund generator: a deterministic, realistic fund of any size with a year of
claims, declarations and labelled injected fraud (see shape.py for the parameters and their
sources; services.fund_generate; `openamo synth`, `openamo demo`)."""
