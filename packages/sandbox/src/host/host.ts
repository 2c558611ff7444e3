/**
 * Entry point of a sandbox host process, started by the pool as `node --no-node-snapshot --no-lazy host.cjs` with an
 * empty environment and an IPC channel. It runs one candidate at a time, each in a fresh isolate, and exits when its
 * parent disconnects or asks it to stop.
 */
import ivm from 'isolated-vm';
import type { ParentMessage } from '../protocol.js';
import { IsolateRunner } from './runner.js';

const runner = new IsolateRunner(ivm);
let lastPlan: Parameters<IsolateRunner['prewarm']>[0] = { isolation: 'isolate', memoryMb: 64, contextsPerIsolate: 1 };

function send(message: unknown): void {
  if (process.connected) process.send?.(message);
}

process.on('message', (raw: ParentMessage) => {
  if (raw.type === 'stop') {
    runner.dispose();
    process.disconnect();
    return;
  }
  lastPlan = { isolation: raw.isolation, memoryMb: raw.memoryMb, contextsPerIsolate: raw.contextsPerIsolate };
  void runner
    .run(raw, () => send({ type: 'compiled', id: raw.id }))
    .catch((error: unknown) => ({
      type: 'result' as const,
      id: raw.id,
      status: 'crash' as const,
      error: `sandbox host failure: ${error instanceof Error ? error.message : String(error)}`,
      cases: [],
      logs: [],
      durationMs: 0,
    }))
    .then((result) => {
      send(result);
      setImmediate(() => runner.prewarm(lastPlan));
    });
});
process.on('disconnect', () => process.exit(0));
runner.prewarm(lastPlan);
send({ type: 'ready', pid: process.pid });
