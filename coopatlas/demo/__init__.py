"""The synthetic demo registry: made up, for trials, tests and benchmarks."""
