"""The speed benchmark CLI runs the real train step and reports what issue #2 asks for."""

import json

import pytest

from algolearn import bench


def test_bench_prints_step_time_json_last(capsys) -> None:
    result = bench.main(
        ["neural_gpu", "--filters", "4", "--length", "3", "--batch", "2", "--iters", "1"]
    )
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert last == result
    for key in ("step_ms", "compile_s", "examples_per_sec", "gflops_per_sec"):
        assert last[key] > 0, key
    assert (last["filters"], last["length"], last["batch"]) == (4, 3, 2)
    assert last["dropout"] == 0.15  # the model's default recurrent dropout


def test_bench_dropout_flag_reaches_both_implementations(capsys) -> None:
    pytest.importorskip("torch")  # optional: the PyTorch baseline is not a dependency
    args = ["neural_gpu", "--filters", "4", "--length", "3", "--batch", "2", "--iters", "1"]
    result = bench.main([*args, "--dropout", "0", "--torch"])
    torch_line = json.loads(capsys.readouterr().out.strip().splitlines()[0])
    assert torch_line["dropout"] == result["dropout"] == 0.0
    assert result["speedup_vs_torch"] > 0
    # Interleaved rounds: one time per round each, medians over rounds.
    result = bench.main([*args, "--torch", "--rounds", "3"])
    torch_line = json.loads(capsys.readouterr().out.strip().splitlines()[0])
    assert torch_line["dropout"] == result["dropout"] == 0.15
    assert len(result["rounds_ms"]) == len(torch_line["rounds_ms"]) == 3
    assert sorted(result["rounds_ms"])[1] == result["step_ms"]
    assert result["torch_step_ms"] == torch_line["step_ms"] == sorted(torch_line["rounds_ms"])[1]
    assert len(result["speedup_per_round"]) == 3


@pytest.mark.parametrize("bad", [["--dropout", "1.5"], ["--rounds", "2"], ["--rounds", "0"]])
def test_bench_rejects_bad_arguments(bad: list[str], capsys) -> None:
    with pytest.raises(SystemExit):
        bench.main(["neural_gpu", *bad])
    assert ("--dropout" if "--dropout" in bad else "--rounds") in capsys.readouterr().err
