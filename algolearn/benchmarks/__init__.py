"""Speed benchmarks (not timed tests): train-step time of our models and reference baselines."""
