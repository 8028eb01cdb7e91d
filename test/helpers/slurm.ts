/**
 * Whether the Slurm tests can submit jobs here: `sinfo` answers and shows a node that can take jobs
 * (idle, mixed or allocated). scripts/slurm/start.sh starts a single-node cluster; CI (.ci/run) does
 * so before `npm test`. Without one the Slurm tests print one notice and pass, except under CI=true,
 * where a missing cluster fails them (as the LAMMPS cross-checks do).
 */
import { spawnSync } from 'node:child_process';

let probed: { ok: boolean; why: string } | null = null;

export function probeSlurm(): { ok: boolean; why: string } {
  if (probed) return probed;
  const r = spawnSync('sinfo', ['-h', '-o', '%t'], { encoding: 'utf8', timeout: 30_000 });
  if (r.error) probed = { ok: false, why: `sinfo: ${r.error.message}` };
  else if (r.status !== 0) probed = { ok: false, why: `sinfo: ${(r.stderr || r.stdout).trim().split('\n').pop()}` };
  else {
    const states = r.stdout.trim().split(/\s+/);
    probed = states.some((s) => /^(idle|mix|alloc)/.test(s))
      ? { ok: true, why: '' }
      : { ok: false, why: `no node takes jobs (sinfo: ${states.join(' ') || 'no nodes'})` };
  }
  return probed;
}

/** True where Slurm runs; otherwise one notice (or, under CI=true, an error). */
export function slurmAvailable(what: string): boolean {
  const p = probeSlurm();
  if (p.ok) return true;
  if (process.env.CI === 'true')
    throw new Error(`${what}: Slurm is required under CI=true (${p.why}); run scripts/slurm/start.sh`);
  console.log(`${what}: Slurm not usable here (${p.why}); not run (scripts/slurm/start.sh starts a cluster)`);
  return false;
}

/** `squeue` name and state of a job (ended jobs too, for the cluster's MinJobAge). */
export function jobState(id: string): { name: string; state: string } | null {
  const r = spawnSync('squeue', ['-h', '-t', 'all', '-j', id, '-o', '%j|%T'], { encoding: 'utf8' });
  const line = r.stdout.trim();
  if (r.status !== 0 || !line.includes('|')) return null;
  const [name, state] = line.split('|');
  return { name, state };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Wait (up to `ms`) until `ok()`; throws naming `what` otherwise. */
export async function waitFor(what: string, ok: () => boolean, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}
