import { LoadResult, loadTotals } from '@tidemark/loading';

/** How one of the follower's loads runs: early (the extract still runs) or the one after it. */
export interface FollowedLoad {
  early: boolean;
  /** The last load of this run that loaded manifests COPYed them straight into the table. */
  newKeysExpected: boolean;
}

/**
 * Loads a table's manifests while its extract still commits them (ADR
 * 0036). Each commit asks for a load; one load runs at a time, and the asks
 * made while it runs are answered by one more load after it, which takes
 * every manifest pending by then. So the loads run one after another, each
 * taking the pending manifests oldest first: the warehouse gets them in
 * their order. The first load that fails ends the following: the asks
 * after it are ignored, and `finish` throws its error.
 */
export class LoadFollower {
  private readonly results: LoadResult[] = [];
  private running?: Promise<void>;
  private asked = false;
  private everAsked = false;
  private finishing = false;
  private failure?: { error: unknown };

  constructor(private readonly load: (how: FollowedLoad) => Promise<LoadResult>) {}

  /** A manifest was committed: it is loaded now, or right after the load running. */
  ask(): void {
    if (this.finishing || this.failure) return;
    this.asked = true;
    this.everAsked = true;
    this.running ??= this.drain();
  }

  /**
   * After the extract: waits for the load running, then loads what is
   * still pending as `rest` says: `all` after an extract that finished;
   * `adding` after one that failed, and only when it committed manifests
   * (asked for a load): a load that only adds to the target, since a
   * replacement would be half a table; `none` after a stopped run. Resolves
   * with the loads' totals (undefined when none ran); throws the error of
   * the first load that failed.
   */
  async finish(rest: 'all' | 'adding' | 'none'): Promise<LoadResult | undefined> {
    this.finishing = true;
    await this.running;
    if (this.failure) throw this.failure.error;
    if (rest === 'all') this.results.push(await this.load(this.next(false)));
    if (rest === 'adding' && this.everAsked) this.results.push(await this.load(this.next(true)));
    return this.results.length > 0 ? loadTotals(this.results) : undefined;
  }

  private async drain(): Promise<void> {
    while (this.asked && !this.finishing && !this.failure) {
      this.asked = false;
      try {
        this.results.push(await this.load(this.next(true)));
      } catch (error) {
        this.failure = { error };
      }
    }
    this.running = undefined;
  }

  private next(early: boolean): FollowedLoad {
    const loaded = this.results.filter((r) => r.manifestsLoaded > 0);
    return { early, newKeysExpected: loaded.length > 0 && loaded[loaded.length - 1].copiedIntoEmptyTable };
  }
}
