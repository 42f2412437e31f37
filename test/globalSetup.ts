import { existsSync } from "node:fs";

/**
 * Says, once per run, which optional suites run and which are skipped and why, so a green run on a
 * bare machine never hides what it did not test. `.ci/run` provides both, so CI skips nothing.
 */
export const CHROMIUM_PATH = "/usr/bin/chromium";

export default function setup(): void {
  const lines: string[] = [];
  if (process.env.CARTA_TEST_DATABASE_URL)
    lines.push("PostgreSQL store tests: RUN (CARTA_TEST_DATABASE_URL is set)");
  else
    lines.push(
      "PostgreSQL store tests: SKIPPED — set CARTA_TEST_DATABASE_URL=postgres://… to run them (.ci/run does)",
    );
  if (existsSync(CHROMIUM_PATH)) lines.push(`browser tests: RUN (Chromium at ${CHROMIUM_PATH})`);
  else
    lines.push(
      `browser tests: SKIPPED — no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium; .ci/run does)`,
    );
  process.stdout.write(`\n${lines.map((l) => `carta: ${l}`).join("\n")}\n\n`);
}
