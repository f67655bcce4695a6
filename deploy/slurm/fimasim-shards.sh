#!/bin/bash
# One fimasim batch split into shards by a Slurm job array: array task k runs the run indices i with i mod SHARDS = k
# into $STUDY/shard-k (a shared filesystem). Keep --array=0-(SHARDS−1). `--shard auto/N` takes k from
# SLURM_ARRAY_TASK_ID − FIMASIM_SHARD_BASE (0 here, so that resubmitting some tasks, e.g. `sbatch --array=2,5`,
# still gives shards 2 and 5). A requeued or resubmitted task continues its folder with --resume.
#   jid=$(sbatch --parsable deploy/slurm/fimasim-shards.sh)
#   sbatch --dependency=afterok:$jid deploy/slurm/fimasim-merge.sh
# See docs/cluster.md.
#SBATCH --job-name=fimasim-shards
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=04:00:00
#SBATCH --requeue
#SBATCH --output=fimasim-shards-%A_%a.log
set -euo pipefail

SHARDS=${SHARDS:-8}
SCENARIO=${SCENARIO:-hayes-2024}
RUNS=${RUNS:-100000}
SEED=${SEED:-1}
STUDY=${STUDY:-$PWD/study}
FIMASIM=${FIMASIM:-fimasim} # or: "node /path/to/fimasim/dist/cli/main.js", or "apptainer exec fimasim.sif node /app/dist/cli/main.js"
export FIMASIM_SHARD_BASE=${FIMASIM_SHARD_BASE:-0}

: "${SLURM_ARRAY_TASK_ID:?submit this script with sbatch (it is a job array)}"
K=$((SLURM_ARRAY_TASK_ID - FIMASIM_SHARD_BASE))
mkdir -p "$STUDY"
exec $FIMASIM batch --scenario "$SCENARIO" --runs "$RUNS" --seed "$SEED" \
  --shard "auto/$SHARDS" --workers "${SLURM_CPUS_PER_TASK:-1}" \
  --out "$STUDY/shard-$K" --resume
