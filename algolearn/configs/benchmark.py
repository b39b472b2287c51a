"""The shared benchmark: any architecture on any task family, CPU-sized, one config builder.

`benchmark_config(task, architecture)` starts from the task family's defaults (curriculum,
optimizer, evaluation) and swaps in the architecture, so every architecture of a task trains on
the same data stream and is scored on the same examples at 1x, 2x and 10x the train length
(100x where `long_eval`). Architectures are model names, with the Transformer's positional
encoding as a suffix: transformer_sinusoidal, transformer_relative, transformer_randomized,
transformer_none. Sequence models read the task through the view their layout needs
(models.task_view); the NRAM runs only on memory tasks.
"""

from __future__ import annotations

import ml_collections

from algolearn import models, tasks
from algolearn.configs.lstm_execute import lte_config
from algolearn.configs.neural_gpu import carry_variant, ks2015_config, neural_gpu_config
from algolearn.configs.nram import nram_config

# Model sections: small enough for a CPU benchmark, the same across task families.
MODELS = {
    "neural_gpu": neural_gpu_config().model.to_dict(),  # the reference model, 24 filters
    "lstm_execute": {
        "name": "lstm_execute",
        "embed_dim": 128,
        "hidden": 128,
        "num_layers": 2,
        "init_scale": 0.3,  # 0.08 (the paper's, for 400 units) trains slowly at 128
        "dropout": 0.0,
    },
    "lstm_attention": {
        "name": "lstm_attention",
        "embed_dim": 64,
        "hidden": 128,
        "num_layers": 1,
        "dropout": 0.0,
        "init_scale": 0.1,
    },
    "transformer": {
        "name": "transformer",
        "num_layers": 2,
        "model_dim": 64,
        "num_heads": 4,
        "mlp_dim": 128,
        "dropout": 0.0,
        "positional_encoding": "randomized",
        "max_relative_distance": 16,
        "max_position": 2048,
    },
    "nram": {
        "name": "nram",
        "num_registers": 4,
        "timesteps": 3,
        "controller": "mlp",
        "hidden": 64,
        "eps": 1e-6,
        "discretize": False,
    },
}
ENCODINGS = ("sinusoidal", "relative", "randomized", "none")
ARCHITECTURES = (
    "neural_gpu",
    "lstm_execute",
    "lstm_attention",
    *(f"transformer_{e}" for e in ENCODINGS),
    "nram",
)
# The standard benchmark's sequence architectures: the Transformer with the encoding that is the
# best-known fix for length generalization (randomized) and the classic one (sinusoidal).
SEQUENCE_ARCHITECTURES = (
    "neural_gpu",
    "lstm_execute",
    "lstm_attention",
    "transformer_sinusoidal",
    "transformer_randomized",
)
# Train length per task (the 1x of the table): sequence length for the Neural GPU tasks,
# digits for Learning to Execute, array size for the NRAM tasks.
TRAIN_LENGTH = {"badd": 10, "badd_carry": 10, "rev": 10, "lte_addition": 3, "nram_access": 5}
MULTIPLES = (1, 2, 10)
# The same for every architecture of a task. The first table used 600 steps, which left binary
# and decimal addition unlearned by every architecture (WORKSPACE_NOTES.md).
NUM_STEPS = 10_000
NRAM_TRAIN_MEMORY = 16


def model_section(architecture: str) -> ml_collections.ConfigDict:
    """The config.model of `architecture` (a model name or transformer_<encoding>)."""
    name, _, encoding = architecture.partition("_")
    if architecture in MODELS:
        return ml_collections.ConfigDict(dict(MODELS[architecture]))
    if name == "transformer" and encoding in ENCODINGS:
        return ml_collections.ConfigDict({**MODELS["transformer"], "positional_encoding": encoding})
    raise KeyError(
        f"unknown benchmark architecture {architecture!r}; valid: {', '.join(ARCHITECTURES)}"
    )


def _family_config(task: str, length: int, long_eval: bool) -> ml_collections.ConfigDict:
    multiples = MULTIPLES + ((100,) if long_eval else ())
    lengths = tuple(m * length for m in multiples)
    base = tasks.get(task)
    if base.memory_view:
        # Train on a small memory; longer arrays need a larger one: the "large" variant, which
        # the benchmark table counts as lengths (benchmark.length_variants).
        c = nram_config(task, memory_size=NRAM_TRAIN_MEMORY, size=length)
        big = max(NRAM_TRAIN_MEMORY, *(base.cells_needed(n) for n in lengths))
        c.data.buckets = tuple(sorted({NRAM_TRAIN_MEMORY, 2 * NRAM_TRAIN_MEMORY, big, 2 * big}))
        c.task.vocab_size = big  # sequence models read both memories with one vocabulary
        c.curriculum.check_every = 100
        c.eval.lengths = (length,)
        c.eval.variants = {
            "large": {"task": {"memory_size": big}, "eval": {"lengths": lengths[1:]}},
        }
        length_variants = ("large",)
    elif base.autoregressive:
        c = lte_config(task, target_length=length)
        c.curriculum.name = "mix"
        c.train.batch_size = 32
        c.eval.batch_size = 32
        c.data.buckets = (16, 20, 24, 32, 64, 128, 256, 512, 1024, 2048)
        c.eval.lengths = lengths
        length_variants = ()
    else:
        c = neural_gpu_config(task)
        # Lengths uniform in [3, length] from the start: the same data for every architecture.
        c.curriculum.update(min_length=3, start_length=length, max_length=length)
        c.curriculum.check_every = 100
        c.eval.update(adversarial_sets=(), adversarial_num_examples=0, adversarial_lengths=())
        c.data.buckets = (8, 12, 16, 20, 24, 32, 48, 64, 128, 256, 512, 1024, 2048)
        c.eval.lengths = lengths
        length_variants = ()
    c.train.update(num_steps=NUM_STEPS, learning_rate=3e-3 if base.memory_view else 1e-3)
    c.eval.num_examples = 64
    c.train.checkpoint_every = 200
    if task in ("badd", "badd_carry"):
        # Binary addition is also scored by carry-chain length (Price et al.).
        c.eval.variants = {"carry": carry_variant()}
    c.benchmark = ml_collections.ConfigDict({"length_variants": length_variants})
    return c


def benchmark_config(
    task: str = "badd",
    architecture: str = "transformer_randomized",
    long_eval: bool = False,
    train_length: int | None = None,
) -> ml_collections.ConfigDict:
    """One benchmark member: `architecture` on `task` at its benchmark train length, or at
    `train_length` (the table gives each train length its own row)."""
    if task not in TRAIN_LENGTH:
        raise KeyError(f"no benchmark setting for task {task!r}; have: {', '.join(TRAIN_LENGTH)}")
    length = TRAIN_LENGTH[task] if train_length is None else int(train_length)
    if length < 1:
        raise ValueError(f"benchmark train length must be >= 1, got {length} for task {task!r}")
    c = _family_config(task, length, long_eval)
    c.model = model_section(architecture)
    # Regularisers belong to the architecture, not to the task family: the Neural GPU trains
    # with its relaxation pull on every task; the NRAM keeps its family's; the others use none.
    if architecture == "neural_gpu":
        c.regularizers = neural_gpu_config().regularizers
    elif architecture != "nram":
        c.regularizers = ml_collections.ConfigDict()
    if architecture == "nram" and not tasks.get(task).memory_view:
        raise ValueError(f"the NRAM reads a memory; {task!r} is a sequence task")
    c.benchmark.update(architecture=architecture, task=task)
    return c


# Kaiser & Sutskever's protocol with a baseline architecture. Causal models are scored by greedy
# decoding, which re-runs the model once per output position: O(n^2) in the length, so 2000-bit
# evaluation (a 4001-token target after a 4001-token source) is out of reach on a CPU for them.
KS2015_CAUSAL_EVAL_LENGTHS = (41, 401)
KS2015_BASELINE_STEPS = 3000


def ks2015_baseline_config(task: str = "badd", architecture: str = "lstm_attention"):
    """`architecture` trained and tested exactly like the Neural GPU of ks2015_config(task)
    (curriculum to 20-bit operands, test at 20, 200 and 2000 bits), for Table 1's comparison.

    The model section is the benchmark's; the relaxation pull (a Neural GPU regulariser) is
    dropped; buckets are doubled for the read-then-write view; causal models are evaluated at
    KS2015_CAUSAL_EVAL_LENGTHS only.
    """
    c = ks2015_config(task)
    c.model = model_section(architecture)
    if architecture == "nram":
        raise ValueError(f"the NRAM reads a memory; {task!r} is a sequence task")
    if architecture != "neural_gpu":
        c.regularizers = ml_collections.ConfigDict()
        c.train.num_steps = KS2015_BASELINE_STEPS
        del c.eval.variants["stability"]  # a Neural GPU option (extra steps)
    c.data.buckets = tuple(sorted({*c.data.buckets, *(2 * b for b in c.data.buckets)}))
    if "max_position" in c.model:  # randomized positions are drawn below the longest test
        c.model.max_position = max(int(c.model.max_position), max(c.eval.lengths))
    if models.layout(c.model.name) == "causal":
        c.eval.lengths = tuple(n for n in c.eval.lengths if n in KS2015_CAUSAL_EVAL_LENGTHS)
    c.benchmark = ml_collections.ConfigDict(
        {"architecture": architecture, "task": task, "length_variants": ()}
    )
    return c
