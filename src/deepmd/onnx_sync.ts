/**
 * A synchronous bridge to onnxruntime-node for the (synchronous) MD loop.
 *
 * onnxruntime-node's `session.run` returns a Promise, and a pair style's compute() must return with
 * forces. The bridge runs the InferenceSession in a worker_thread and blocks the main thread on
 * `Atomics.wait` until the worker has answered (SyncWorker, src/parallel/sync_bridge.ts):
 *
 *   main                                          worker (owns the InferenceSession)
 *   write feeds into the shared input buffer
 *   post {feeds layout} on a MessagePort   --->   copy feeds out, await session.run(feeds)
 *   Atomics.wait(ctrl[0] == seq)                  write outputs into the shared output buffer
 *                                                 (a larger one if needed), post {layout}
 *   receiveMessageOnPort(reply)            <---   Atomics.add(ctrl[0], 1); Atomics.notify
 *   read outputs from shared memory
 *
 * Inputs and outputs travel in SharedArrayBuffers (grown on demand, never copied through messages);
 * only the small layout descriptions are messages. The worker is created unref'd (it never keeps the
 * process alive) and close() terminates it. Errors in the worker (session creation, run) come back
 * as exceptions on the main thread; a worker that does not answer within `timeoutMs` is an error.
 *
 * The worker is plain JavaScript evaluated from a string (`eval: true`), so it works the same from
 * compiled `dist/` and from TypeScript sources under vitest/tsx; onnxruntime-node is imported by the
 * absolute path resolved here.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { SyncWorker } from '../parallel/sync_bridge.js';
import { buildOnnxModel, onnxBinding, type OnnxBinding } from './onnx_export.js';
import { envMat, formatNeighbors, NeighborScratch, prodForceVirial } from './kernels.js';
import type { EvalOutput, ExtendedAtoms, FullNeighbors } from './evaluator.js';
import type { ModelSpec } from './spec.js';

export type OnnxPrecision = 'float64' | 'float32';
type Numeric = Float64Array | Float32Array;

export interface SyncSessionOptions {
  executionProviders?: string[];
  intraOpNumThreads?: number;
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  /** Longest wait for one answer of the worker (ms, default 600 000). */
  timeoutMs?: number;
}

export interface SyncTensor {
  dims: number[];
  /** float64 or float32 data; for outputs a view into shared memory valid until the next run(). */
  data: Numeric;
}

interface Layout {
  name: string;
  dims: number[];
  dtype: OnnxPrecision;
  offset: number;
  length: number;
}
type Reply = { ok: true; outSab?: SharedArrayBuffer; outputs?: Layout[] } | { ok: false; error: string };

/** Worker source after SyncWorker's prelude (workerData, port, answer). */
const WORKER_SOURCE = `
const { ortUrl, model, options } = workerData;
let ort = null, session = null, outSab = null;
(async () => {
  ort = await import(ortUrl);
  session = await ort.InferenceSession.create(model, options);
  answer({ ok: true });
})().catch((e) => answer({ ok: false, error: 'onnxruntime session: ' + (e && e.message || String(e)) }));
port.on('message', async (msg) => {
  try {
    const feeds = {};
    for (const f of msg.feeds) {
      const C = f.dtype === 'float64' ? Float64Array : Float32Array;
      const data = new C(f.length);
      data.set(new C(msg.inSab, f.offset, f.length));
      feeds[f.name] = new ort.Tensor(f.dtype, data, f.dims);
    }
    const res = await session.run(feeds);
    const outputs = [];
    let bytes = 0;
    for (const name of Object.keys(res)) {
      const t = res[name];
      const dtype = t.type === 'float64' ? 'float64' : 'float32';
      const w = dtype === 'float64' ? 8 : 4;
      outputs.push({ name, dims: Array.from(t.dims, Number), dtype, offset: bytes, length: t.data.length });
      bytes += Math.ceil((t.data.length * w) / 8) * 8;
    }
    let grown;
    if (!outSab || outSab.byteLength < bytes) { outSab = new SharedArrayBuffer(Math.ceil(bytes * 1.25) + 64); grown = outSab; }
    for (const o of outputs) {
      const C = o.dtype === 'float64' ? Float64Array : Float32Array;
      new C(outSab, o.offset, o.length).set(res[o.name].data);
    }
    answer({ ok: true, outSab: grown, outputs });
  } catch (e) {
    answer({ ok: false, error: 'onnxruntime run: ' + (e && e.message || String(e)) });
  }
});
`;

function sharedView(sab: SharedArrayBuffer, l: Layout): Numeric {
  return (l.dtype === 'float64'
    ? new Float64Array(sab, l.offset, l.length)
    : new Float32Array(sab, l.offset, l.length)) as unknown as Numeric;
}

/** An onnxruntime InferenceSession in a worker thread, called synchronously. */
export class SyncOnnxSession {
  private readonly worker: SyncWorker;
  private inSab = new SharedArrayBuffer(1024);
  private outSab: SharedArrayBuffer | null = null;
  private closed = false;
  private readonly timeoutMs: number;

  /** Start the worker and create the session from serialized ONNX bytes; blocks until it is ready. */
  constructor(model: Uint8Array, opts: SyncSessionOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 600_000;
    const ortPath = createRequire(import.meta.url).resolve('onnxruntime-node');
    const options: Record<string, unknown> = {
      executionProviders: opts.executionProviders ?? ['cpu'],
      graphOptimizationLevel: opts.graphOptimizationLevel ?? 'basic',
    };
    if (opts.intraOpNumThreads !== undefined) options.intraOpNumThreads = opts.intraOpNumThreads;
    this.worker = new SyncWorker(
      WORKER_SOURCE,
      { ortUrl: pathToFileURL(ortPath).href, model, options },
      'onnxruntime bridge',
    );
    try {
      this.await();
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /** Run the graph on feeds; returns the outputs by name (views valid until the next run). */
  run(feeds: Record<string, SyncTensor>): Record<string, SyncTensor> {
    if (this.closed) throw new Error('onnxruntime bridge: session is closed');
    const layout: Layout[] = [];
    let bytes = 0;
    for (const [name, t] of Object.entries(feeds)) {
      const dtype: OnnxPrecision = t.data instanceof Float64Array ? 'float64' : 'float32';
      layout.push({ name, dims: t.dims, dtype, offset: bytes, length: t.data.length });
      bytes += Math.ceil((t.data.length * t.data.BYTES_PER_ELEMENT) / 8) * 8;
    }
    if (this.inSab.byteLength < bytes) this.inSab = new SharedArrayBuffer(Math.ceil(bytes * 1.25) + 64);
    for (const l of layout) sharedView(this.inSab, l).set(feeds[l.name].data);
    this.worker.post({ inSab: this.inSab, feeds: layout });
    const reply = this.await();
    if (reply.outSab) this.outSab = reply.outSab;
    const out: Record<string, SyncTensor> = {};
    for (const l of reply.outputs ?? []) out[l.name] = { dims: l.dims, data: sharedView(this.outSab!, l) };
    return out;
  }

  /** Terminate the worker (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.worker.close();
  }

  /** Block until the worker has answered once more; returns its reply or throws its error. */
  private await(): Reply & { ok: true } {
    const reply = this.worker.next(this.timeoutMs, () => {
      this.closed = true;
      return new Error(`onnxruntime bridge: no answer from the worker thread within ${this.timeoutMs / 1000} s`);
    }) as Reply;
    if (!reply.ok) throw new Error(reply.error);
    return reply;
  }
}

export interface OnnxSyncEvaluatorOptions extends SyncSessionOptions {
  precision?: OnnxPrecision;
  /** Where the one-time "neighbors beyond sel" warning goes (default console.warn). */
  warn?: (msg: string) => void;
}

/**
 * DeepPotEvaluator's contract (compute(ext, nl, out), synchronous) with the network evaluated by
 * onnxruntime through SyncOnnxSession: neighbor slots, environment matrix and forces/virials in
 * TypeScript (kernels.ts), the graph of onnx_export.ts for the network and its backward pass. The
 * whole system goes through the graph in one run per call. float64 uses graphOptimizationLevel
 * 'basic' (exact to round-off, see docs/deepmd.md), float32 'all'.
 */
export class DeepPotOnnxSyncEvaluator {
  readonly rcut: number;
  readonly typeMap: string[];
  readonly ntypes: number;
  readonly sel: number[];
  readonly precision: OnnxPrecision;
  lastDropped = 0;
  private warned = false;
  private readonly warn: (msg: string) => void;
  private readonly session: SyncOnnxSession;
  /** Neighbor tables, graph types and constant energies of the model (onnxBinding). */
  private readonly bind: OnnxBinding;
  private readonly nsc = new NeighborScratch();
  private cap = 0;
  private nlist = new Int32Array(0);
  private envV = new Float64Array(0);
  private envD = new Float64Array(0);
  private rij = new Float64Array(0);
  private dEnv = new Float64Array(0);

  constructor(
    readonly spec: ModelSpec,
    opts: OnnxSyncEvaluatorOptions = {},
  ) {
    const d = spec.descriptor,
      nt = spec.typeMap.length;
    this.typeMap = [...spec.typeMap];
    this.ntypes = nt;
    this.rcut = d.rcut;
    this.sel = [...d.sel];
    this.precision = opts.precision ?? 'float64';
    this.warn = opts.warn ?? ((m) => console.warn(m));
    this.bind = onnxBinding(spec);
    this.session = new SyncOnnxSession(buildOnnxModel(spec, this.precision), {
      ...opts,
      graphOptimizationLevel: opts.graphOptimizationLevel ?? (this.precision === 'float64' ? 'basic' : 'all'),
    });
  }

  private reserve(nlocal: number): void {
    if (nlocal <= this.cap) return;
    const cap = Math.ceil(nlocal * 1.1) + 8;
    const nn = cap * this.bind.nnei;
    this.nlist = new Int32Array(nn);
    this.envV = new Float64Array(nn * this.bind.ncomp);
    this.envD = new Float64Array(nn * this.bind.ncomp * 3);
    this.rij = new Float64Array(nn * 3);
    this.dEnv = new Float64Array(nn * this.bind.ncomp);
    this.cap = cap;
  }

  /** As DeepPotEvaluator.compute: returns the energy (eV), accumulates forces/virials into out. */
  compute(ext: ExtendedAtoms, nl: FullNeighbors, out: EvalOutput): number {
    const { nlocal, nall, xAll: x, type } = ext;
    const nnei = this.bind.nnei,
      ncomp = this.bind.ncomp,
      nt = this.ntypes;
    for (let k = 0; k < nall; k++) {
      const t = type[k];
      if (!(t >= 0 && t < nt))
        throw new Error(`deepmd: atom ${k} has type index ${t}, model has ${nt} types (${this.typeMap.join(' ')})`);
    }
    this.reserve(nlocal);
    let dropped = 0;
    for (let i = 0; i < nlocal; i++) {
      dropped += formatNeighbors(
        i,
        nl.list,
        nl.offset[i],
        nl.offset[i + 1],
        x,
        type,
        this.rcut,
        this.sel,
        this.bind.sec,
        nt,
        this.bind.pairExcl,
        this.nlist,
        i * nnei,
        this.nsc,
      );
    }
    this.lastDropped = dropped;
    if (dropped > 0 && !this.warned) {
      this.warned = true;
      this.warn(
        `deepmd: ${dropped} neighbor(s) within rcut = ${this.rcut} did not fit in sel = [${this.sel.join(', ')}] and were ` +
          'dropped (the farthest, as DeePMD-kit does); results may be inaccurate; increase sel when training (warned once)',
      );
    }
    envMat(this.bind.env, 0, nlocal, this.nlist, x, type, this.envV, this.envD, this.rij);
    const stride = nnei * ncomp;
    const counts = new Int32Array(nt);
    for (let i = 0; i < nlocal; i++) counts[type[i]]++;
    const feeds: Record<string, SyncTensor> = {};
    const rowsOf: Int32Array[] = [];
    for (let t = 0; t < nt; t++) rowsOf.push(new Int32Array(counts[t]));
    counts.fill(0);
    for (let i = 0; i < nlocal; i++) rowsOf[type[i]][counts[type[i]]++] = i;
    for (const t of this.bind.types) {
      const rows = rowsOf[t];
      const buf: Numeric =
        this.precision === 'float64' ? new Float64Array(rows.length * stride) : new Float32Array(rows.length * stride);
      for (let r = 0; r < rows.length; r++)
        buf.set(this.envV.subarray(rows[r] * stride, (rows[r] + 1) * stride), r * stride);
      feeds[`env_${t}`] = { dims: [rows.length, nnei, ncomp], data: buf };
    }
    const res = this.session.run(feeds);
    let etot = 0;
    const dEnv = this.dEnv;
    for (let t = 0; t < nt; t++) {
      const rows = rowsOf[t];
      if (!this.bind.types.includes(t)) {
        for (const i of rows) {
          etot += this.bind.constE[t];
          if (out.atomEnergy) out.atomEnergy[i] = this.bind.constE[t];
          dEnv.fill(0, i * stride, (i + 1) * stride);
        }
        continue;
      }
      const e = res[`energy_${t}`].data,
        de = res[`denv_${t}`].data;
      for (let r = 0; r < rows.length; r++) {
        const i = rows[r];
        etot += e[r];
        if (out.atomEnergy) out.atomEnergy[i] = e[r];
        for (let q = 0; q < stride; q++) dEnv[i * stride + q] = de[r * stride + q];
      }
    }
    prodForceVirial(
      0,
      nlocal,
      nnei,
      ncomp,
      this.nlist,
      dEnv,
      this.envD,
      this.rij,
      out.force,
      out.virial,
      out.atomVirial,
    );
    return etot;
  }

  /** Terminate the onnxruntime worker. */
  close(): void {
    this.session.close();
  }
}
