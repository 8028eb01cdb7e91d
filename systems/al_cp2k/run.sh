#!/usr/bin/env bash
# The real-DFT mini run of docs/slurm_cp2k.md: CP2K-labelled initial data and held-out test frames
# (dpmd init-bulk), 2 iterations of dpmd learn through Slurm with CP2K labels, then dpmd test of the
# last models on the held-out frames. Needs cp2k + cp2k-data and a running Slurm
# (scripts/slurm/start.sh), a built dpmd (npm run build). Usage: systems/al_cp2k/run.sh OUT
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
DPMD="node $HERE/../../dist/src/cli.js"
OUT="$(mkdir -p "${1:?usage: run.sh OUT}" && cd "$1" && pwd)"
export OMP_NUM_THREADS=1
t() { local s=$SECONDS; "$@"; echo "[$(($SECONDS - s)) s] $*" | tee -a "$OUT/times.txt"; }
cp "$HERE/init.json" "$HERE/test.json" "$HERE/param.json" "$OUT/"
t $DPMD init-bulk "$OUT/init.json" --out "$OUT/init"
t $DPMD init-bulk "$OUT/test.json" --out "$OUT/test"
t $DPMD learn "$OUT/param.json" --machine "$HERE/machine.json" --out "$OUT/run" | while IFS= read -r l; do echo "$(date +%T) $l"; done | tee "$OUT/learn.log"
last="$(ls -d "$OUT"/run/iter.* | tail -1)"
for m in "$last"/00.train/*/model.yaml; do t $DPMD test -m "$m" -s "$OUT/test/data" -d "$OUT/test_$(basename "$(dirname "$m")")"; done
