"""Benchmarks (run as ``python -m bench.NAME``); results go to ``bench/results/``."""
