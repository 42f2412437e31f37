import { writeFileSync } from "node:fs";

/** Writes a result to --out FILE or standard output. */
export function emit(text: string, out: string | undefined): void {
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}

export function emitJson(value: unknown, out?: string): void {
  emit(`${JSON.stringify(value, null, 2)}\n`, out);
}

/** Progress and notes go to standard error so standard output stays the data. */
export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}
