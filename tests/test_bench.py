"""The speed benchmark CLI runs the real train step and reports what issue #2 asks for."""

import json

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
