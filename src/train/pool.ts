/**
 * Worker-thread backend: every frame's two passes are split over atoms between this thread and
 * `workers` worker threads (worker.ts). Weights live in one SharedArrayBuffer (the model's flat
 * array, updated by Adam on this thread between steps); each worker accumulates its gradient in its
 * own shared array, summed here. Frames are posted once per batch (structured clone, ~150 kB for a
 * 192-atom water frame) and cached by id in the worker.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lossSeeds, type ErrorSums, type Prefactors } from './loss.js';
import { addErrors, emptySums, type Has } from './batch_grad.js';
import { FrameEngine } from './engine.js';
import { TrainModel, type ModelConfig } from './model.js';
import type { FrameRef, GradBackend } from './backend.js';

interface Reply { id: number; energy?: number; force?: Float64Array; virial?: Float64Array; error?: string }

/** A model whose values live in a SharedArrayBuffer (required by WorkerPool). */
export function sharedModel(cfg: ModelConfig): TrainModel {
  const n = new TrainModel(cfg).numParams;
  return new TrainModel(cfg, { values: new Float64Array(new SharedArrayBuffer(8 * n)), grads: new Float64Array(n) });
}

export class WorkerPool implements GradBackend {
  readonly threads: number;
  private readonly workers: Worker[] = [];
  private readonly grads: Float64Array[] = [];
  private readonly engine: FrameEngine;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private seq = 0;
  private readonly sent: Set<string>[] = [];

  constructor(readonly model: TrainModel, nworkers: number, chunk = 16) {
    if (!(model.flat.buffer instanceof SharedArrayBuffer)) throw new Error('WorkerPool: model values must be on a SharedArrayBuffer (sharedModel())');
    this.engine = new FrameEngine(model, chunk);
    this.threads = nworkers + 1;
    const here = fileURLToPath(import.meta.url);
    const file = here.endsWith('.ts') ? here.replace(/pool\.ts$/, 'worker.ts') : here.replace(/pool\.js$/, 'worker.js');
    for (let w = 0; w < nworkers; w++) {
      const g = new Float64Array(new SharedArrayBuffer(8 * model.numParams));
      this.grads.push(g);
      const workerData = { cfg: model.cfg, values: model.flat, grads: g, davg: model.davg, dstd: model.dstd, bias: model.biasAtomE, chunk };
      // From TypeScript sources (tsx, vitest) the worker registers tsx's loader before importing worker.ts.
      const worker = file.endsWith('.ts')
        ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); })`, { eval: true, workerData })
        : new Worker(file, { workerData });
      worker.on('message', (r: Reply) => {
        const p = this.pending.get(r.id);
        if (!p) return;
        this.pending.delete(r.id);
        if (r.error) p.reject(new Error(`training worker: ${r.error}`)); else p.resolve(r);
      });
      worker.on('error', (e: Error) => { for (const p of this.pending.values()) p.reject(e); this.pending.clear(); });
      this.workers.push(worker);
      this.sent.push(new Set());
    }
  }

  private call(w: number, msg: Record<string, unknown>): Promise<Reply> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[w].postMessage({ ...msg, id });
    });
  }

  /** Statistics changed (davg/dstd/bias): push them to the workers. */
  async syncStats(): Promise<void> {
    await Promise.all(this.workers.map((_, w) => this.call(w, { op: 'stats', davg: this.model.davg, dstd: this.model.dstd, bias: this.model.biasAtomE })));
  }

  async lossGrad(frames: FrameRef[], has: Has, p: Prefactors, grad: boolean): Promise<ErrorSums> {
    const N = frames[0].frame.nloc, B = frames.length, W = this.workers.length, parts = W + 1;
    const cut = (k: number) => Math.round((k * N) / parts);
    const s = emptySums(N, has);
    if (grad) { this.model.flatGrad.fill(0); for (const g of this.grads) g.fill(0); }
    const u = new Float64Array(3 * N), V = new Float64Array(9);
    for (const fr of frames) {
      const msgFrame = (w: number) => {
        if (this.sent[w].has(fr.id)) return { fid: fr.id };
        if (this.sent[w].size > 64) this.sent[w].clear();
        this.sent[w].add(fr.id);
        return { fid: fr.id, frame: fr.frame };
      };
      const jobs = this.workers.map((_, w) => this.call(w, { op: 'pass1', ...msgFrame(w), a0: cut(w + 1), a1: cut(w + 2) }));
      const F = new Float64Array(3 * N), Wv = new Float64Array(9);
      const out = { energy: 0, force: F, virial: Wv };
      this.engine.pass1(fr.frame, 0, cut(1), out);
      for (const r of await Promise.all(jobs)) {
        out.energy += r.energy!;
        for (let k = 0; k < 3 * N; k++) F[k] += r.force![k];
        for (let k = 0; k < 9; k++) Wv[k] += r.virial![k];
      }
      addErrors(s, fr.frame, has, out.energy, F, Wv);
      s.nframes++;
      if (!grad) continue;
      const eE = lossSeeds(p, B, N, has, out.energy, fr.frame.energy, F, fr.frame.force, Wv, fr.frame.virial, u, V);
      const jobs2 = this.workers.map((_, w) => this.call(w, { op: 'pass2', fid: fr.id, a0: cut(w + 1), a1: cut(w + 2), eE, u: has.f ? u : null, V: has.v ? V : null }));
      this.engine.pass2(fr.frame, 0, cut(1), eE, has.f ? u : null, has.v ? V : null);
      await Promise.all(jobs2);
    }
    if (grad) {
      const G = this.model.flatGrad;
      for (const g of this.grads) for (let k = 0; k < G.length; k++) G[k] += g[k];
    }
    return s;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
