/**
 * A connection opened on first use and shared by everyone who asks while it
 * opens: tables starting at once wait for the same one, so each resource is
 * opened once and closed once. A failed opening fails every waiter and is
 * then forgotten, so a later run tries again.
 */
export class LazyResource<T> {
  private opening?: Promise<T>;

  constructor(
    private readonly open: () => Promise<T>,
    private readonly closeOpened: (resource: T) => Promise<void>,
  ) {}

  get(): Promise<T> {
    if (!this.opening) {
      const opening = this.open();
      this.opening = opening;
      opening.catch(() => {
        if (this.opening === opening) this.opening = undefined;
      });
    }
    return this.opening;
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    const resource = await opening?.catch(() => undefined);
    if (resource !== undefined) await this.closeOpened(resource);
  }
}
