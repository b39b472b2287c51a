"""Sweep launchers (local processes, Slurm through submitit)."""
