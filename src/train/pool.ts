/**
 * The threaded training backend moved to backend.ts (ThreadedBackend, on src/parallel's worker
 * pool); these names stay for existing imports.
 */
export { sharedModel, ThreadedBackend as WorkerPool } from './backend.js';
