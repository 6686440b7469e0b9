import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Debian's chromium (`apt-get install -y chromium`); playwright-core never downloads a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * SKIP_BROWSER_TESTS=1 skips the browser tests on purpose (a machine without Chromium). Without
 * it a missing Chromium fails them, saying how to install it: a silent skip would hide that the
 * console went untested.
 */
export const browserTestsOptedOut = process.env.SKIP_BROWSER_TESTS === "1";

export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  return (
    `Chromium is not installed at ${CHROMIUM_PATH}, so the console's browser test cannot run. ` +
    "Install it with `sudo apt-get install -y chromium` (Debian), point CHROMIUM_PATH at another Chromium, " +
    "or set SKIP_BROWSER_TESTS=1 to skip the browser tests deliberately."
  );
}

/** The flags of the machine doc: headless, no sandbox (root in CI), nothing that phones home. */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchChromium(): Promise<Browser> {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS, headless: true });
}
