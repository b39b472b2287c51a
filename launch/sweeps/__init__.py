"""Sweep files: each defines get_sweep() (a list of override dicts) and BASE_CONFIG."""
