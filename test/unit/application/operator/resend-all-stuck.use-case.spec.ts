import type { ResendResult, ResendStuckInvoicesUseCase } from "../../../../src/application/compensation/resend-stuck-invoices.use-case";
import { ResendAllStuckUseCase } from "../../../../src/application/operator/resend-all-stuck.use-case";

/** A scanner that answers the passes it is given, one per call. */
function scannerAnswering(...passes: ResendResult[]): Pick<ResendStuckInvoicesUseCase, "execute"> & { calls: number } {
  const scanner = {
    calls: 0,
    async execute(): Promise<ResendResult> {
      return passes[scanner.calls++] ?? { resent: 0, failed: 0 };
    },
  };
  return scanner;
}

describe("ResendAllStuckUseCase", () => {
  it("runs the scanner's passes until nothing stuck is left, counting what each re-sent", async () => {
    const scanner = scannerAnswering({ resent: 500, failed: 0 }, { resent: 20, failed: 0 }, { resent: 0, failed: 0 });
    const progress: number[] = [];
    expect(await new ResendAllStuckUseCase(scanner).execute((n) => progress.push(n))).toEqual({ resent: 520 });
    expect(progress).toEqual([500, 20]);
    expect(scanner.calls).toBe(3);
  });

  it("stops at the first failed send and says why; the rest stay for the scanner", async () => {
    const scanner = scannerAnswering({ resent: 500, failed: 0 }, { resent: 0, failed: 500, error: "broker away" }, { resent: 500, failed: 0 });
    expect(await new ResendAllStuckUseCase(scanner).execute()).toEqual({ resent: 500, error: "broker away" });
    expect(scanner.calls).toBe(2);
  });
});
