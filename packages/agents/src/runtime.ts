import { openStore, type MemoryStore } from '@genesis/memory-store';
import { OutcomeLogger } from '@genesis/outcome-logger';
import { check } from './errors.js';

/** Store and logger options shared by both agents. */
export interface AgentRuntimeOptions {
  /** Tenant every record is written under. */
  tenantId: string;
  /** Store for skills, strategies and (through the logger) outcomes. Default: the embedded libSQL file. */
  store?: MemoryStore;
  /** Outcome logger. Default: a new OutcomeLogger on `store` with automatic plan extraction. */
  logger?: OutcomeLogger;
  /** Store URL opened when neither `store` nor `logger` is given. Default `file:./.genesis/genesis.db`. */
  storeUrl?: string;
}

/** The store and logger an agent uses, and which of them it opened itself (and so must close). */
export interface AgentRuntime {
  store: MemoryStore;
  logger: OutcomeLogger;
  close(): Promise<void>;
}

/**
 * Resolves an agent's store and logger: the given ones, or, as the original agents did, the embedded default store
 * with a logger of its own. What the agent opened it also closes; what it was given it leaves open.
 */
export async function createRuntime(options: AgentRuntimeOptions & { logger?: OutcomeLogger }): Promise<AgentRuntime> {
  check(typeof options.tenantId === 'string' && options.tenantId.length > 0, 'tenantId', 'must be a non-empty string');
  const ownsStore = options.store === undefined;
  const store = options.store ?? (await openStore(options.storeUrl));
  const ownsLogger = options.logger === undefined;
  const logger = options.logger ?? new OutcomeLogger({ store, tenantId: options.tenantId, autoExtract: true });
  let closed: Promise<void> | undefined;
  return {
    store,
    logger,
    close() {
      closed ??= (async () => {
        if (ownsLogger) await logger.close();
        if (ownsStore) await store.close();
      })();
      return closed;
    },
  };
}
