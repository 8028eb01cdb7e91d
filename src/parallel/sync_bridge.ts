/**
 * Block the calling thread on a worker thread that does asynchronous work, for synchronous callers
 * (a pair style's compute(), a deck command) of Promise-only libraries (onnxruntime-node, h5wasm).
 *
 *   caller                                   worker (eval'd source, owns the async library)
 *   post(request) on a MessagePort   --->    await the work
 *   Atomics.wait(counter < n)                answer(reply): post the reply, then
 *   receiveMessageOnPort(reply)      <---    Atomics.add(counter, 1); Atomics.notify
 *
 * The worker source runs after a prelude that defines `workerData` (what the caller gave), `port`
 * (requests arrive as port.on('message')) and `answer(msg)`. Big data should travel in
 * SharedArrayBuffers referenced by the messages. The worker is unref'd (it never keeps the process
 * alive); close() terminates it. It is evaluated from a string (`eval: true`), so it works the same
 * from compiled dist/ and from sources; modules it imports are passed in as absolute URLs.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

const PRELUDE = `
const { workerData: bridgeData } = require('node:worker_threads');
const { port, ctrl, data: workerData } = bridgeData;
const bridgeFlag = new Int32Array(ctrl);
function answer(msg) { port.postMessage(msg); Atomics.add(bridgeFlag, 0, 1); Atomics.notify(bridgeFlag, 0); }
`;

export class SyncWorker {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag: Int32Array;
  private answered = 0;
  private closed = false;

  /** Start the worker on `source` (see the prelude above); `data` becomes its workerData. */
  constructor(
    source: string,
    data: unknown,
    private readonly name: string,
  ) {
    const ctrl = new SharedArrayBuffer(4);
    this.flag = new Int32Array(ctrl);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(PRELUDE + source, {
      eval: true,
      workerData: { port: port2, ctrl, data },
      transferList: [port2],
    });
    this.worker.unref();
  }

  /** Send a request to the worker's port.on('message') handler. */
  post(msg: unknown): void {
    if (this.closed) throw new Error(`${this.name}: the worker is closed`);
    this.port.postMessage(msg);
  }

  /**
   * Block until the worker has answered once more and return its reply. If it does not answer
   * within timeoutMs, the worker is closed and timeoutError() thrown.
   */
  next(timeoutMs: number, timeoutError: () => Error): unknown {
    const want = ++this.answered;
    const t0 = Date.now();
    while (Atomics.load(this.flag, 0) < want) {
      Atomics.wait(this.flag, 0, want - 1, 1000);
      if (Atomics.load(this.flag, 0) < want && Date.now() - t0 > timeoutMs) {
        this.close();
        throw timeoutError();
      }
    }
    const m = receiveMessageOnPort(this.port);
    if (!m) throw new Error(`${this.name}: worker signalled but sent no reply`);
    return m.message;
  }

  /** Terminate the worker (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.close();
    void this.worker.terminate();
  }
}
