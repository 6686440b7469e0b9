/**
 * A small progress display: a redrawn bar on a terminal, plain lines otherwise (pipes, CI, logs),
 * both with the rate and, when the total is known, the time left. `finish()` always ends at 100%:
 * a total counted before the work (stuck orders, lines of a file) can drift while it runs (the
 * scanner re-sends some meanwhile), and the work is done when it is done.
 */
export class Progress {
  private done = 0;
  private lastLineAt: number | undefined;
  private completedShown = false;
  private readonly startedAt: number;
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private total: number | undefined,
    private readonly out: Pick<NodeJS.WriteStream, "write" | "isTTY"> = process.stderr,
    private readonly now: () => number = Date.now,
  ) {
    this.tty = Boolean(out.isTTY);
    this.startedAt = now();
  }

  advance(by: number): void {
    this.done += by;
    if (this.tty) {
      this.out.write(`\r${this.render()}`);
      return;
    }
    const t = this.now();
    // The line that reaches the total is written at once, and once (a watch keeps advancing by 0).
    const justCompleted = this.total !== undefined && this.done >= this.total && !this.completedShown;
    if (justCompleted || this.lastLineAt === undefined || t - this.lastLineAt >= 1000) {
      this.completedShown ||= justCompleted;
      this.lastLineAt = t;
      this.out.write(`${this.render()}\n`);
    }
  }

  /** The last line: 100% of what was done, the overall rate and the time it took. */
  finish(): void {
    if (this.total !== undefined) this.total = this.done;
    const line = `${this.render()} in ${duration((this.now() - this.startedAt) / 1000)}`;
    this.out.write(this.tty ? `\r${line}\x1b[K\n` : `${line}\n`);
  }

  private render(): string {
    const seconds = (this.now() - this.startedAt) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    const speed = seconds > 0 ? `, ${rateText(rate)}/s` : "";
    if (this.total === undefined || this.total === 0) return `${this.label}: ${this.done}${speed}`;
    const width = 30;
    const ratio = Math.min(1, this.done / this.total);
    const filled = Math.round(ratio * width);
    const left = this.done < this.total && rate > 0 ? `, ${duration((this.total - this.done) / rate)} left` : "";
    return `${this.label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${this.done}/${this.total} ${Math.floor(ratio * 100)}%${speed}${left}`;
  }
}

function rateText(perSecond: number): string {
  return perSecond >= 100 ? String(Math.round(perSecond)) : perSecond.toFixed(1);
}

/** 0.4s, 12s, 3m05s, 1h02m. */
export function duration(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}
