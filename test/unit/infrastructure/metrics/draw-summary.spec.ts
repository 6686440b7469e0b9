import { Metrics } from "../../../../src/infrastructure/metrics/metrics";
import { drawSummary } from "../../../../src/infrastructure/metrics/draw-summary";

describe("drawSummary", () => {
  it("logs one line with the draws answered since the last one, by result, and nothing when there were none", async () => {
    const metrics = new Metrics();
    const lines: Array<{ fields: Record<string, unknown>; message: string }> = [];
    const log = { info: (fields: Record<string, unknown>, message: string) => void lines.push({ fields, message }) } as never;
    const summarize = drawSummary(metrics, log);
    metrics.draws.inc({ activity_id: "1", result: "WIN" }, 3);
    metrics.draws.inc({ activity_id: "2", result: "WIN" }, 2);
    metrics.draws.inc({ activity_id: "1", result: "LOSE" }, 4);
    await summarize();
    metrics.draws.inc({ activity_id: "1", result: "ACTIVITY_OUT_OF_STOCK" });
    await summarize();
    await summarize();
    expect(lines.map((l) => [l.message, l.fields.draws, l.fields.byResult])).toEqual([
      ["draws answered", 9, { WIN: 5, LOSE: 4 }],
      ["draws answered", 1, { ACTIVITY_OUT_OF_STOCK: 1 }],
    ]);
  });
});
