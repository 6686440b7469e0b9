import type { ResendStuckInvoicesUseCase } from "../compensation/resend-stuck-invoices.use-case";

export interface ResendAllOutcome {
  resent: number;
  /** Set when a send failed: the rest stay stuck for the scanner. */
  error?: string;
}

/**
 * An operator's "re-send them all now": the scanner's own passes, leases included, until nothing
 * stuck is left or a send fails. A running worker and this never send one order at once.
 */
export class ResendAllStuckUseCase {
  /** The scanner's use case; only its passes are needed. */
  constructor(private readonly scanner: Pick<ResendStuckInvoicesUseCase, "execute">) {}

  async execute(onResent: (count: number) => void = () => undefined): Promise<ResendAllOutcome> {
    let resent = 0;
    for (;;) {
      const pass = await this.scanner.execute();
      if (pass.resent > 0) {
        resent += pass.resent;
        onResent(pass.resent);
      }
      if (pass.failed > 0) return { resent, error: pass.error ?? "send failed" };
      if (pass.resent === 0) return { resent };
    }
  }
}
