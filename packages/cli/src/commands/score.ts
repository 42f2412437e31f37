import { readFile } from "node:fs/promises";
import {
  type FieldSpec,
  formatIssue,
  isScoreScaleId,
  SCORE_SCALE_IDS,
  SCORE_SCALES,
  ScoreInputError,
  type ScoreOutput,
  type ScoreScale,
  schemaDocument,
} from "@carta/clinical";
import { Argument, type Command, CommanderError } from "commander";

/**
 * `carta score SCALE --input FILE.json|- [--json]` and `carta score SCALE --schema [--json]`: one clinical
 * scale (clinical-reference.md §B) scored from a JSON object of the issue-3 contract's fields.
 * Refused input (unknown field, impossible value, wrong unit, contradiction) prints one line per problem
 * on standard error, each naming the field and the rule, and fails with exit code 1; a usage error
 * (no --input and no --schema, both, an unknown SCALE) fails with exit code 2, as commander's own errors do.
 */

/** Where the command reads and writes; tests pass their own. */
export interface ScoreIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Standard input, read whole for `--input -`. */
  stdin(): AsyncIterable<string | Uint8Array>;
  readFile(path: string): Promise<string>;
}

const processIo: ScoreIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: () => process.stdin,
  readFile: (path) => readFile(path, "utf8"),
};

/** An input the scale refused; its problems are already on standard error. Exit code 1. */
export class ScoreRefused extends Error {
  override readonly name = "ScoreRefused";
}

export const SCORE_USAGE_EXIT_CODE = 2;

interface ScoreOptions {
  input?: string;
  schema?: boolean;
  json?: boolean;
}

async function readAll(stream: AsyncIterable<string | Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stream)
    text += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function rangeText(field: FieldSpec): string {
  if (field.allowed) return field.allowed.join(" | ");
  if (!field.range) return field.type;
  const { min, max, exclusiveMin } = field.range;
  return `${field.type} ${exclusiveMin ? `> ${min} to ${max}` : `${min}–${max}`}${field.unit ? ` ${field.unit}` : ""}`;
}

function schemaText(scale: ScoreScale): string {
  const { schema } = scale;
  const lines = [`${schema.id}: ${schema.title}`, `source: ${schema.citation}`, "", "inputs:"];
  for (const f of schema.fields) {
    const presence = f.presence === "defaults_false" ? "absent = false" : f.presence;
    const when = f.neededWhen ? ` (${f.neededWhen})` : "";
    lines.push(`  ${f.name}: ${rangeText(f)}; ${presence}${when}. ${f.description}`);
  }
  lines.push("", "outputs (and reason; conversions when an input was converted):");
  for (const o of schema.outputs) {
    lines.push(
      `  ${o.name}: ${o.allowed ? o.allowed.join(" | ") : o.type}${o.unit ? ` ${o.unit}` : ""}. ${o.description}`,
    );
  }
  const rules = schema.rules.map((r) => r.text);
  if (schema.alternatives) rules.push(schema.alternatives.text);
  if (rules.length > 0) lines.push("", "refused when:", ...rules.map((r) => `  ${r}`));
  lines.push("", "conventions:", ...schema.conventions.map((c) => `  ${c}`));
  return `${lines.join("\n")}\n`;
}

function resultText(output: ScoreOutput): string {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(output)) {
    if (name === "reason" || name === "conversions") continue;
    lines.push(`${name}: ${value === null ? "not determined" : String(value)}`);
  }
  lines.push(`reason: ${output.reason}`);
  for (const c of output.conversions ?? []) {
    lines.push(`converted: ${c.field} ${c.value} ${c.from} → ${c.converted_value} ${c.to} (× ${c.factor})`);
  }
  return `${lines.join("\n")}\n`;
}

export function registerScoreCommand(program: Command, io: Partial<ScoreIo> = {}): Command {
  const out: ScoreIo = { ...processIo, ...io };
  const usage = (message: string): never => {
    out.stderr(`carta score: ${message}\n`);
    throw new CommanderError(SCORE_USAGE_EXIT_CODE, "carta.score.usage", message);
  };
  const refuse = (scale: string, lines: readonly string[], summary: string): never => {
    for (const line of lines) out.stderr(`carta score ${scale}: ${line}\n`);
    throw new ScoreRefused(summary);
  };

  return program
    .command("score")
    .description(
      "score one clinical scale from a JSON input (clinical-reference.md §B); --schema lists its fields",
    )
    .addArgument(new Argument("<scale>", "the scale").choices(SCORE_SCALE_IDS))
    .option("--input <file>", "JSON object of the scale's fields; - reads standard input")
    .option("--schema", "print the accepted fields with their units, ranges and rules instead of scoring")
    .option("--json", "print one JSON object")
    .action(async (scaleId: string, opts: ScoreOptions) => {
      if (!isScoreScaleId(scaleId)) usage(`unknown scale ${scaleId}; one of ${SCORE_SCALE_IDS.join(", ")}`);
      const scale = SCORE_SCALES[scaleId as keyof typeof SCORE_SCALES];
      if (opts.schema && opts.input !== undefined) usage("give either --input or --schema, not both");
      if (opts.schema) {
        out.stdout(opts.json ? json(schemaDocument(scale.schema)) : schemaText(scale));
        return;
      }
      if (opts.input === undefined) usage(`give --input FILE.json, --input - (standard input) or --schema`);
      const source = opts.input === "-" ? "standard input" : opts.input!;
      let text: string;
      try {
        text = opts.input === "-" ? await readAll(out.stdin()) : await out.readFile(opts.input!);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? String(err);
        return refuse(scaleId, [`${source}: cannot read (${code})`], `${source}: cannot read`);
      }
      let input: unknown;
      try {
        input = JSON.parse(text);
      } catch (err) {
        return refuse(
          scaleId,
          [`${source}: not valid JSON (${(err as Error).message})`],
          `${source}: not valid JSON`,
        );
      }
      try {
        const result = scale.score(input);
        out.stdout(opts.json ? json(result) : resultText(result));
      } catch (err) {
        if (!(err instanceof ScoreInputError)) throw err;
        if (opts.json) out.stdout(json({ scale: scaleId, refused: true, errors: err.issues }));
        const count = err.issues.length;
        refuse(
          scaleId,
          err.issues.map((issue) => `${source}: ${formatIssue(issue)}`),
          `${scaleId} input refused (${count} problem${count === 1 ? "" : "s"}), nothing scored`,
        );
      }
    });
}
