/**
 * Runs writes one at a time, in call order. libSQL allows one writer per database file, and a writer that waits
 * for the lock blocks the event loop (the driver is synchronous underneath), so two writes from one process
 * must never contend with each other: they queue here instead.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Resolves once every queued write has settled. */
  drain(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
