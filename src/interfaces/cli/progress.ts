/** A tiny progress display: a redrawn bar on a terminal, plain lines otherwise (pipes, CI, logs). */
export class Progress {
  private done = 0;
  private lastLine = 0;
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly total: number | undefined,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(out.isTTY);
  }

  advance(by: number): void {
    this.done += by;
    if (this.tty) {
      this.out.write(`\r${this.render()}`);
    } else if (Date.now() - this.lastLine >= 1000 || (this.total !== undefined && this.done >= this.total)) {
      this.lastLine = Date.now();
      this.out.write(`${this.label}: ${this.done}${this.total === undefined ? "" : `/${this.total}`}\n`);
    }
  }

  finish(): void {
    if (this.tty) this.out.write(`\r${this.render()}\n`);
  }

  private render(): string {
    if (this.total === undefined || this.total === 0) return `${this.label}: ${this.done}`;
    const width = 30;
    const ratio = Math.min(1, this.done / this.total);
    const filled = Math.round(ratio * width);
    return `${this.label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${this.done}/${this.total} ${Math.round(ratio * 100)}%`;
  }
}
