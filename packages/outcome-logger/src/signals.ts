/** Something that can be flushed when the process is told to stop or is about to exit. */
export interface ExitFlushable {
  /** Flush within the logger's close timeout; never rejects. */
  flushForExit(): Promise<void>;
  /** True if there is something to flush that a previous beforeExit flush did not already try. */
  hasNewWork(): boolean;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

// Signal listeners are process-wide by nature, so one listener per signal serves every logger: a process with many
// loggers neither trips MaxListenersExceededWarning nor re-raises the signal more than once.
const registered = new Set<ExitFlushable>();
let handling = false;

function onSignal(signal: NodeJS.Signals): void {
  if (handling) return;
  handling = true;
  void Promise.allSettled([...registered].map((l) => l.flushForExit())).then(() => {
    handling = false;
    // Ours was the only listener: Node would have terminated the process, so do what it would have done.
    if (process.listenerCount(signal) === 1) {
      uninstall();
      process.kill(process.pid, signal);
    }
  });
}

function onBeforeExit(): void {
  const pending = [...registered].filter((l) => l.hasNewWork());
  // Scheduling the flush keeps the event loop alive until it settles; beforeExit fires again afterwards.
  if (pending.length > 0) void Promise.allSettled(pending.map((l) => l.flushForExit()));
}

function install(): void {
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('beforeExit', onBeforeExit);
}

function uninstall(): void {
  for (const s of SIGNALS) process.off(s, onSignal);
  process.off('beforeExit', onBeforeExit);
}

/** Flush `logger` on SIGINT/SIGTERM and before the process exits. */
export function registerExitFlush(logger: ExitFlushable): void {
  if (registered.size === 0) install();
  registered.add(logger);
}

/** Stop flushing `logger` on exit; removes the process listeners when no logger is left. */
export function unregisterExitFlush(logger: ExitFlushable): void {
  if (!registered.delete(logger)) return;
  if (registered.size === 0) uninstall();
}
