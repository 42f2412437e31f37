import type { Command } from "commander";
import { type CsvTable, readCsvTable } from "../../table/csvTable.js";
import type { JsonObject, StatsIo } from "./shared.js";

/** Options every `carta stats` command takes. */
export interface DataOptions {
  data: string;
  json?: boolean;
}

export type StatsAction = <O extends DataOptions>(
  render: (result: JsonObject) => string,
  compute: (table: CsvTable, opts: O) => JsonObject,
) => (opts: O) => void;

/**
 * The action of a stats command: read the CSV, compute, print warnings on stderr and the result as one
 * JSON document (--json) or as text.
 */
export function statsAction(io: StatsIo): StatsAction {
  return (render, compute) => (opts) => {
    const result = compute(readCsvTable(opts.data), opts);
    for (const w of (result.warnings as string[] | undefined) ?? []) io.err(`warning: ${w}\n`);
    io.out(opts.json ? `${JSON.stringify(result, null, 2)}\n` : render(result));
  };
}

/** A subcommand reading one CSV file. */
export function dataCommand(parent: Command, name: string, description: string): Command {
  return parent
    .command(name)
    .description(description)
    .requiredOption("--data <file>", "the CSV file (header row; empty or NA = missing)")
    .option("--json", "print the result as one JSON document");
}
