#!/usr/bin/env bash
# Stop the single-node Slurm cluster of scripts/slurm/start.sh (slurmd, slurmctld, munged of its state
# directory, by their pid files) and remove the /etc/slurm/slurm.conf link start.sh made, if it did.
set -uo pipefail
DIR="${DPMD_SLURM_DIR:-/tmp/dpmd-slurm}"
stop() {
  local pidfile="$1"
  [ -f "$pidfile" ] || return 0
  local pid
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$pidfile"
}
stop "$DIR/slurmd.pid"
stop "$DIR/slurmctld.pid"
stop "$DIR/munge/munged.pid"
if [ -f "$DIR/etc-link" ] && [ "$(readlink /etc/slurm/slurm.conf 2>/dev/null)" = "$(cat "$DIR/etc-link")" ]; then
  rm -f /etc/slurm/slurm.conf "$DIR/etc-link"
fi
echo "slurm: stopped (state kept in $DIR)"
