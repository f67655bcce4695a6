#!/usr/bin/env bash
# Installs, from Debian's packages, what the test suite needs beyond npm: Chromium for the report's browser test
# (never a downloaded browser build), and with --slurm the packages of a single-node Slurm (munge, slurmctld,
# slurmd, slurm-client) for the cluster test. Only what is missing, only as root with apt-get; otherwise it says
# what is missing and how to get it, and exits 1. Shared by .ci/run and the test suite's global setup
# (test/global-setup.ts), so `npm ci && npm test` provisions what it can on a fresh machine.
set -uo pipefail

want=()
[ -x /usr/bin/chromium ] || want+=(chromium)
if [ "${1:-}" = "--slurm" ]; then
  command -v slurmctld >/dev/null 2>&1 || want+=(slurmctld)
  command -v slurmd >/dev/null 2>&1 || want+=(slurmd)
  command -v sbatch >/dev/null 2>&1 || want+=(slurm-client)
  command -v munged >/dev/null 2>&1 || want+=(munge)
fi
[ "${#want[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "provision: missing ${want[*]}; install them with: apt-get update && apt-get install -y ${want[*]} (as root on Debian)" >&2
  exit 1
fi
echo "provision: installing ${want[*]} from Debian's packages (apt-get)..." >&2
export DEBIAN_FRONTEND=noninteractive
if apt-get update -qq && apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null; then
  echo "provision: installed ${want[*]}" >&2
  exit 0
fi
echo "provision: could not install ${want[*]} with apt-get" >&2
exit 1
