import type { CoxTest } from "@carta/stats";
import { InvalidArgumentError } from "commander";

/**
 * What every `carta stats` command shares: JSON values as R reports them (NA, NaN and infinities become
 * null), comma-separated column lists, and the plain-text tables printed without --json.
 */

export interface StatsIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: StatsIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** JSON has no NaN or infinity: R's NA (and Inf, e.g. an infinite hazard ratio) become null. */
export function num(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export function nums(values: ArrayLike<number>): (number | null)[] {
  return Array.from(values, num);
}

export function test(t: CoxTest): JsonObject {
  return { chisq: num(t.chisq), df: t.df, p: num(t.p) };
}

export function list(value: string): string[] {
  const items = value.split(",").map((s) => s.trim());
  if (items.some((s) => s === "")) throw new InvalidArgumentError(`"${value}" has an empty name`);
  return items;
}

// ---- plain-text output -------------------------------------------------------------------------

export function fmt(x: Json | undefined): string {
  if (x === null || x === undefined) return "NA";
  if (typeof x === "number") return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4)));
  return String(x);
}

export function textTable(header: string[], rows: (Json | undefined)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(fmt))];
  const widths = header.map((_, j) => Math.max(...cells.map((r) => r[j]!.length)));
  return cells.map((r) => r.map((c, j) => c.padStart(widths[j]!)).join("  ")).join("\n") + "\n";
}

export function testLine(label: string, t: Json | undefined): string {
  const o = t as JsonObject;
  return `${label}: chisq = ${fmt(o.chisq)} on ${fmt(o.df)} df, p = ${fmt(o.p)}\n`;
}

export function rowsOf(value: Json | undefined): JsonObject[] {
  return value as JsonObject[];
}

export function dropped(r: JsonObject): string {
  const n = r.n_dropped as number;
  return `n = ${r.n}${n ? ` (${n} row${n === 1 ? "" : "s"} with missing values dropped)` : ""}`;
}
