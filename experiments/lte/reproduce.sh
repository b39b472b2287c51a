#!/usr/bin/env bash
# The Learning-to-Execute runs recorded in WORKSPACE_NOTES.md, one after another (2-core CPU).
# Usage: experiments/lte/reproduce.sh [curricula|copy|addition|all]  (from the repository root)
# SEEDS="0 1 2" (the default) picks the curriculum comparison's seeds; finished runs are skipped.
# COPY_STEPS (default 1000) trains the copy runs longer: rerunning resumes them from checkpoints.
set -u
PY=${PY:-.venv/bin/python}
train() { "$PY" -m algolearn.train --progress=false "$@"; }
what=${1:-all}

if [[ $what == curricula || $what == all ]]; then
  for seed in ${SEEDS:-0 1 2}; do
    for strategy in baseline naive mix combined; do
      train --config=experiments/lte/program.py --workdir="runs/lte_curricula/${strategy}_s${seed}" \
        --config.curriculum.name="$strategy" --config.seed="$seed"
    done
  done
  "$PY" experiments/figures/lte_curricula.py --runs=runs/lte_curricula \
    --out=experiments/figures/lte_curricula.png
fi

if [[ $what == copy || $what == all ]]; then
  for variant in plain reverse double reverse_double; do
    reverse=False; double=False
    [[ $variant == reverse* ]] && reverse=True
    [[ $variant == *double ]] && double=True
    train --config=experiments/lte/copy.py --workdir="runs/lte_copy/${variant}" \
      --config.task.reverse_input="$reverse" --config.task.double_input="$double" \
      --config.train.num_steps="${COPY_STEPS:-1000}"
  done
fi

if [[ $what == addition || $what == all ]]; then
  train --config=experiments/lte/addition9.py --workdir=runs/lte_addition9_h256 \
    --config.model.hidden=256 --config.model.embed_dim=256 --config.train.batch_size=32 \
    --config.train.num_steps=12000
fi
