import { Progress, duration } from "../../../../src/interfaces/cli/progress";

/** A write stream that keeps what it is given, and a clock the test moves. */
function terminal(isTTY: boolean) {
  const written: string[] = [];
  return { written, out: { isTTY, write: (text: string) => written.push(text) > 0 } };
}

describe("Progress", () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => (clock = 1_000_000));

  it("shows the rate and the time left on a terminal", () => {
    const { written, out } = terminal(true);
    const progress = new Progress("re-sending", 1000, out, now);
    clock += 2000;
    progress.advance(200);
    expect(written.at(-1)).toBe(`\r${"re-sending [######------------------------] 200/1000 20%, 100/s, 8.0s left"}`);
  });

  it("ends at 100% when fewer items than counted were left to do", () => {
    const { written, out } = terminal(true);
    const progress = new Progress("re-sending", 1000, out, now);
    clock += 1000;
    progress.advance(950);
    clock += 1000;
    progress.finish();
    expect(written.at(-1)).toMatch(/^\rre-sending \[#{30}\] 950\/950 100%, 475\/s in 2\.0s/);
    expect(written.at(-1)).not.toMatch(/left/);
  });

  it("ends at 100% when more items than counted were done", () => {
    const { written, out } = terminal(false);
    const progress = new Progress("replaying", 10, out, now);
    clock += 500;
    progress.advance(12);
    progress.finish();
    expect(written.at(-1)).toMatch(/^replaying \[#{30}\] 12\/12 100%/);
  });

  it("writes plain lines at most once a second off a terminal, and the last one always", () => {
    const { written, out } = terminal(false);
    const progress = new Progress("lines", 100, out, now);
    for (let i = 0; i < 10; i++) {
      clock += 300;
      progress.advance(5);
    }
    progress.finish();
    expect(written.every((line) => line.endsWith("\n") && !line.includes("\r"))).toBe(true);
    // At 0.3, 1.5 and 2.7 s, then the final line.
    expect(written).toHaveLength(4);
    expect(written.at(-1)).toMatch(/^lines \[#{30}\] 50\/50 100%, 16\.7\/s in 3\.0s\n$/);
  });

  it("writes the line that reaches the total once, however often a watch advances by 0 afterwards", () => {
    const { written, out } = terminal(false);
    const progress = new Progress("granted", 4, out, now);
    clock += 1000;
    progress.advance(4);
    progress.advance(0);
    progress.advance(0);
    expect(written).toEqual(["granted [##############################] 4/4 100%, 4.0/s\n"]);
  });

  it("counts without a bar when the total is unknown", () => {
    const { written, out } = terminal(true);
    const progress = new Progress("granted", undefined, out, now);
    clock += 1000;
    progress.advance(7);
    expect(written.at(-1)).toBe("\rgranted: 7, 7.0/s");
  });

  it.each([
    [0.42, "0.4s"],
    [12.4, "12s"],
    [185, "3m05s"],
    [3725, "1h02m"],
  ])("writes %s seconds as %s", (seconds, text) => {
    expect(duration(seconds)).toBe(text);
  });
});
