#!/usr/bin/env bash
# Start a single-node Slurm cluster on this machine (Debian's slurm-wlm + munge, run as root, no systemd):
# a munge key, munged, slurmctld and slurmd, all with their files in one state directory, then wait until
# `sinfo` shows the node idle. scripts/slurm/stop.sh stops it. The test suite's Slurm tests and
# `dpmd learn --machine systems/almg/machine-slurm.json` submit to it with the ordinary client commands.
#
#   DPMD_SLURM_DIR   state directory (default /tmp/dpmd-slurm): slurm.conf, munge key/socket, logs, spool
#   DPMD_SLURM_PORT  slurmctld port (default 6817; slurmd uses the next one)
#
# The client commands (sbatch, squeue, scancel, sinfo) find the cluster through SLURM_CONF. When
# /etc/slurm/slurm.conf does not exist, it is made a link to ours, so a plain shell finds it too (stop.sh
# removes the link again); otherwise export SLURM_CONF="$DPMD_SLURM_DIR/slurm.conf" (printed at the end).
set -euo pipefail
DIR="${DPMD_SLURM_DIR:-/tmp/dpmd-slurm}"
PORT="${DPMD_SLURM_PORT:-6817}"
for p in munged slurmctld slurmd sinfo; do
  command -v "$p" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin"
  command -v "$p" >/dev/null 2>&1 || { echo "ERROR: $p not found (apt-get install slurm-wlm munge)" >&2; exit 1; }
done
if [ "$(id -u)" != 0 ]; then echo "ERROR: start.sh runs the daemons as root (slurmd must start jobs as any user)" >&2; exit 1; fi
if [ -f "$DIR/slurmctld.pid" ] && kill -0 "$(cat "$DIR/slurmctld.pid")" 2>/dev/null; then
  echo "slurm: already running (state in $DIR)"
  exit 0
fi
mkdir -p "$DIR/spool/ctld" "$DIR/spool/d" "$DIR/munge"
chmod 700 "$DIR/munge"
if [ ! -f "$DIR/munge/munge.key" ]; then
  dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$DIR/munge/munge.key"
fi
HOST="$(hostname -s)"
# the node's real CPUs and memory, as slurmd itself reports them
read -r CPUS MEM < <(slurmd -C | awk '/^NodeName/ {for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } print v["CPUs"], v["RealMemory"]}')
cat >"$DIR/slurm.conf" <<CONF
# single-node cluster of scripts/slurm/start.sh (dpmd-ts tests and CI)
ClusterName=dpmd
SlurmctldHost=$HOST
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge/munge.socket
StateSaveLocation=$DIR/spool/ctld
SlurmdSpoolDir=$DIR/spool/d
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2
# jobs stay visible to squeue/scontrol this long after they end (there is no accounting database)
MinJobAge=600
KillWait=5
MpiDefault=none
NodeName=$HOST CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$DIR/slurm.conf"
if [ ! -e /etc/slurm/slurm.conf ]; then
  mkdir -p /etc/slurm
  ln -s "$DIR/slurm.conf" /etc/slurm/slurm.conf
  echo "$DIR/slurm.conf" >"$DIR/etc-link"
fi

munged --force --key-file="$DIR/munge/munge.key" --socket="$DIR/munge/munge.socket" \
  --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/munge/munged.log" --seed-file="$DIR/munge/munged.seed"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"

for _ in $(seq 1 60); do
  state="$(sinfo -h -n "$HOST" -o %t 2>/dev/null || true)"
  if [ "$state" = idle ]; then
    echo "slurm: node $HOST idle ($CPUS CPUs); state in $DIR; export SLURM_CONF=$DIR/slurm.conf"
    exit 0
  fi
  if [ "${state%\*}" = down ] || [ "$state" = drain ]; then scontrol update nodename="$HOST" state=resume 2>/dev/null || true; fi
  sleep 1
done
echo "ERROR: the Slurm node did not become idle within 60 s (sinfo: '${state:-no answer}'); see $DIR/slurmctld.log, $DIR/slurmd.log" >&2
exit 1
