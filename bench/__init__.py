"""Benchmarks and the local production-like cluster (bench/cluster.py) shared with tests/deploy."""
