"""The same Neural GPU train step in eager PyTorch: the speed baseline of issue #2.

Optional: needs `torch` (not a dependency of algolearn; `pip install torch` to compare). Same
architecture and sizes as algolearn's model (fused 2m-output gate convolution, l CGRUs per step,
n steps, r relaxed parameter sets, cross-entropy, Adam), float32. `dropout` mirrors the model's:
a mask on the state entering each step at rate min(dropout * 8 / n, 0.5); 0 leaves it out.
"""

from __future__ import annotations

from collections.abc import Callable

from algolearn.benchmarks.timing import median_ms, neural_gpu_train_flops


def make_step(
    filters: int,
    length: int,
    batch: int,
    width: int = 4,
    cgrus_per_step: int = 2,
    num_param_sets: int = 6,
    dropout: float = 0.0,
) -> Callable[[], None]:
    """One train step (forward, backward, clipping, Adam) on fixed random data, as a closure."""
    import torch  # noqa: PLC0415  (optional dependency)
    import torch.nn.functional as F  # noqa: N812, PLC0415

    torch.manual_seed(0)
    m, r, layers = filters, num_param_sets, cgrus_per_step

    def conv_param(out: int) -> torch.nn.Parameter:
        return torch.nn.Parameter(torch.randn(r, layers, out, m, 3, 3) / (9 * m) ** 0.5)

    params = {
        "embed": torch.nn.Parameter(torch.randn(13, m)),
        "gk": conv_param(2 * m),
        "gb": torch.nn.Parameter(torch.ones(r, layers, 2 * m)),
        "ck": conv_param(m),
        "cb": torch.nn.Parameter(torch.zeros(r, layers, m)),
        "ro": torch.nn.Parameter(torch.randn(13, m) / m**0.5),
    }
    opt = torch.optim.Adam(params.values(), lr=1e-3, eps=1e-4)
    inputs = torch.randint(1, 13, (batch, length))
    targets = torch.randint(0, 13, (batch, length))

    def hard_sigmoid(x):
        return torch.clamp(1.2 * torch.sigmoid(x) - 0.1, 0.0, 1.0)

    keep = 1.0 - min(dropout * 8.0 / length, 0.5)

    def step() -> None:
        opt.zero_grad(set_to_none=True)
        state = torch.zeros(batch, m, length, width)  # NCHW: [b, m, n, w]
        state[:, :, :, 0] = params["embed"][inputs].permute(0, 2, 1)
        for t in range(length):
            j = t % r
            if dropout > 0.0:
                state = state * ((torch.rand_like(state) < keep).float() / keep)
            for i in range(layers):
                g = hard_sigmoid(F.conv2d(state, params["gk"][j, i], params["gb"][j, i], padding=1))
                u, rs = g[:, :m], g[:, m:]
                c = torch.tanh(
                    F.conv2d(rs * state, params["ck"][j, i], params["cb"][j, i], padding=1)
                )
                state = u * state + (1 - u) * c
        logits = torch.einsum("bmn,vm->bnv", state[:, :, :, 0], params["ro"])
        loss = F.cross_entropy(logits.reshape(-1, 13), targets.reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params.values(), 1.0)
        opt.step()

    return step


def result(
    step_ms: float, filters: int, length: int, batch: int, dropout: float, width: int = 4
) -> dict:
    """The benchmark's JSON record of a measured step time."""
    import torch  # noqa: PLC0415

    flops = neural_gpu_train_flops(batch, length, filters, width, 9, 2)
    return {
        "impl": f"pytorch-eager-{torch.__version__}",
        "filters": filters,
        "length": length,
        "batch": batch,
        "step_ms": step_ms,
        "compile_s": 0.0,
        "examples_per_sec": batch / (step_ms / 1000.0),
        "gflops_per_sec": flops / (step_ms / 1000.0) / 1e9,
        "threads": torch.get_num_threads(),
        "dropout": dropout,
    }


def measure(filters: int, length: int, batch: int, iters: int = 5, dropout: float = 0.0) -> dict:
    """Median step time after 2 warm-up steps."""
    step = make_step(filters, length, batch, dropout=dropout)
    step_ms = median_ms(step, warmup=2, iters=iters)
    return result(step_ms, filters, length, batch, dropout)
