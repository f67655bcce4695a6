#!/bin/bash
# Merges the shard folders written by fimasim-shards.sh into $STUDY/merged. Submit it after the array:
#   sbatch --dependency=afterok:$jid deploy/slurm/fimasim-merge.sh
# If shards are missing, the log lists them with the `sbatch --array=...` line that runs them again.
#SBATCH --job-name=fimasim-merge
#SBATCH --cpus-per-task=1
#SBATCH --mem=2G
#SBATCH --time=00:30:00
#SBATCH --output=fimasim-merge-%j.log
set -euo pipefail

STUDY=${STUDY:-$PWD/study}
FIMASIM=${FIMASIM:-fimasim}
exec $FIMASIM merge "$STUDY"/shard-* --out "$STUDY/merged"
