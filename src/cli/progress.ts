/**
 * A one-line progress indicator on a terminal's stderr, for runs long enough to wonder about:
 * it appears only after `delayMs`, redraws at most every 100 ms, and erases itself.
 */
export class Progress {
  private readonly started = Date.now();
  private drawn = 0;
  private shown = false;

  constructor(private readonly write: (text: string) => void, private readonly delayMs = 1000) {}

  update(done: number, total: number): void {
    const now = Date.now();
    if (now - this.started < this.delayMs || now - this.drawn < 100) return;
    this.drawn = now;
    this.shown = true;
    this.write(`\r\u001b[Kmeshlint: reading ${done}/${total} files`);
  }

  done(): void {
    if (this.shown) this.write('\r\u001b[K');
    this.shown = false;
  }
}
