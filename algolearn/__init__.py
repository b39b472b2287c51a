"""algolearn: JAX/Flax experiment suite for algorithmic learners."""

__version__ = "0.1.0"
