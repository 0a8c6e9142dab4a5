"""Benchmarks: `python -m bench.run` writes the report (see README, "Benchmarks")."""
