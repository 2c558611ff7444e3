import { safeParseRecord, Trajectory as TrajectorySchema, type JsonValue, type Namespace, type Trajectory } from '@genesis/schemas';
import type { MemoryStore, PutManyItem } from '@genesis/memory-store';
import { SEDarwinError } from '../errors.js';
import { shortHash } from './propose.js';
import {
  CHECKPOINT_KEY,
  PRODUCTION_KEY,
  RUN_KEY,
  trajectoryKey,
  type Checkpoint,
  type StoredCheckpoint,
} from './checkpoint.js';

/** Reads and writes one run's records in `["evolution", tenantId, agentName, runId]`. */
export class RunPersistence {
  private productionWritten = false;

  constructor(
    private readonly store: MemoryStore,
    private readonly ns: Namespace,
    private readonly runId: string,
  ) {}

  /** The stored checkpoint, if the run has one. */
  async readCheckpoint(): Promise<StoredCheckpoint | undefined> {
    const item = await this.store.get(this.ns, CHECKPOINT_KEY);
    return item ? (item.value as unknown as StoredCheckpoint) : undefined;
  }

  /** Rebuilds the in-memory checkpoint from its stored form (archive and seeds are separate records). */
  async hydrate(stored: StoredCheckpoint): Promise<Checkpoint> {
    const read = async (id: string): Promise<Trajectory> => {
      const item = await this.store.get(this.ns, trajectoryKey(id));
      const parsed = item ? safeParseRecord(TrajectorySchema, 'Trajectory', item.value) : undefined;
      if (!parsed?.ok) {
        throw new SEDarwinError('CHECKPOINT_MISMATCH', `run ${this.runId}: archived trajectory ${id} is missing or invalid`, {
          path: 'runId',
        });
      }
      return parsed.value;
    };
    const trajectories = await Promise.all(stored.archive.ids.map(read));
    const productionItem = await this.store.get(this.ns, PRODUCTION_KEY);
    const production = ((productionItem?.value as { trajectories?: Trajectory[] } | null)?.trajectories ?? []).filter(
      (t) => stored.productionIds.includes(t.trajectoryId),
    );
    this.productionWritten = true;
    const { archive, productionIds: _ids, ...rest } = stored;
    return { ...rest, archive: { trajectories, children: archive.children, pruned: archive.pruned }, production };
  }

  /** A trajectory evaluated before an interruption, if it is stored and is the same code. */
  async storedTrajectory(id: string, hash: string): Promise<Trajectory | undefined> {
    const item = await this.store.get(this.ns, trajectoryKey(id));
    if (!item) return undefined;
    const parsed = safeParseRecord(TrajectorySchema, 'Trajectory', item.value);
    if (!parsed.ok || shortHash(parsed.value.code) !== hash) return undefined;
    return parsed.value;
  }

  private item(t: Trajectory): PutManyItem {
    return { namespace: this.ns, key: trajectoryKey(t.trajectoryId), value: t as unknown as JsonValue, index: false };
  }

  /** Writes evaluated trajectories (their code whole). */
  async writeTrajectories(trajectories: Trajectory[]): Promise<void> {
    if (trajectories.length === 0) return;
    try {
      if (trajectories.length === 1) {
        const t = trajectories[0]!;
        await this.store.put(this.ns, trajectoryKey(t.trajectoryId), t as unknown as JsonValue, { index: false });
      } else await this.store.putMany(trajectories.map((t) => this.item(t)));
    } catch (error) {
      throw new SEDarwinError('STORE_FAILED', `writing trajectories of run ${this.runId} failed`, { cause: error });
    }
  }

  /**
   * Writes the checkpoint (archive by id), the run summary, the given trajectories and, the first time, the
   * production seeds — in one transaction.
   */
  async writeCheckpoint(cp: Checkpoint, run: JsonValue, trajectories: Trajectory[] = []): Promise<void> {
    const { archive, production, ...rest } = cp;
    const stored: StoredCheckpoint = {
      ...rest,
      archive: { ids: archive.trajectories.map((t) => t.trajectoryId), children: archive.children, pruned: archive.pruned },
      productionIds: production.map((t) => t.trajectoryId),
    };
    const items: PutManyItem[] = [
      { namespace: this.ns, key: CHECKPOINT_KEY, value: stored as unknown as JsonValue, index: false },
      { namespace: this.ns, key: RUN_KEY, value: run, index: false },
      ...trajectories.map((t) => this.item(t)),
    ];
    if (!this.productionWritten) {
      items.push({
        namespace: this.ns,
        key: PRODUCTION_KEY,
        value: { trajectories: production } as unknown as JsonValue,
        index: false,
      });
    }
    try {
      await this.store.putMany(items);
      this.productionWritten = true;
    } catch (error) {
      throw new SEDarwinError('STORE_FAILED', `writing the checkpoint of run ${this.runId} failed`, { cause: error });
    }
  }
}
