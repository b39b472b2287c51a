#!/usr/bin/env bash
# The NRAM runs recorded in WORKSPACE_NOTES.md, one after another (2-core CPU).
# Usage: experiments/nram/reproduce.sh [SEEDS...]  (default: seed 0), from the repository root.
set -u
PY=${PY:-.venv/bin/python}
seeds=("${@:-0}")
for seed in "${seeds[@]}"; do
  for task in access increment copy reverse swap; do
    "$PY" -m algolearn.train --progress=false --config="experiments/nram/${task}.py" \
      --workdir="runs/nram/${task}_s${seed}" --config.seed="$seed"
  done
done
