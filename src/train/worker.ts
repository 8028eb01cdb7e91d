/** Training worker thread (pool.ts): runs FrameEngine passes on its share of a frame's atoms. */
import { parentPort, workerData } from 'node:worker_threads';
import { FrameEngine } from './engine.js';
import { TrainModel } from './model.js';
import type { PreparedFrame } from './frame.js';

const d = workerData as { cfg: TrainModel['cfg']; values: Float64Array; grads: Float64Array; davg: Float64Array; dstd: Float64Array; bias: Float64Array; chunk: number };
const model = new TrainModel(d.cfg, { values: d.values, grads: d.grads });
model.davg.set(d.davg); model.dstd.set(d.dstd); model.biasAtomE.set(d.bias);
const engine = new FrameEngine(model, d.chunk);
const cache = new Map<string, PreparedFrame>();

parentPort!.on('message', (m: Record<string, unknown>) => {
  const id = m.id as number;
  try {
    if (m.op === 'stats') {
      model.davg.set(m.davg as Float64Array); model.dstd.set(m.dstd as Float64Array); model.biasAtomE.set(m.bias as Float64Array);
      parentPort!.postMessage({ id });
      return;
    }
    const fid = m.fid as string;
    if (m.frame) {
      if (cache.size > 64) cache.clear();
      cache.set(fid, m.frame as PreparedFrame);
    }
    const fr = cache.get(fid);
    if (!fr) throw new Error(`frame ${fid} not cached`);
    if (m.op === 'pass1') {
      const out = { energy: 0, force: new Float64Array(3 * fr.nloc), virial: new Float64Array(9) };
      engine.pass1(fr, m.a0 as number, m.a1 as number, out);
      parentPort!.postMessage({ id, ...out }, [out.force.buffer, out.virial.buffer]);
    } else if (m.op === 'pass2') {
      engine.pass2(fr, m.a0 as number, m.a1 as number, m.eE as number, m.u as Float64Array | null, m.V as Float64Array | null);
      parentPort!.postMessage({ id });
    }
  } catch (e) {
    parentPort!.postMessage({ id, error: (e as Error).stack ?? String(e) });
  }
});
