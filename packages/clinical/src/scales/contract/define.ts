import { ScaleInputError } from "../inputs.js";
import { ScoreInputError } from "./errors.js";
import type { ScaleSchema, ScoreScaleId } from "./schema.js";
import { type ConversionRecord, type ValidInput, validateInput } from "./validate.js";

/** One score as JSON: the scale's outputs in contract order, then `reason` and, if any, `conversions`. */
export type ScoreOutput = Record<string, unknown> & {
  reason: string;
  conversions?: ConversionRecord[];
};

export interface ScoreScale {
  id: ScoreScaleId;
  title: string;
  citation: string;
  schema: ScaleSchema;
  /** Validates the JSON input (throws ScoreInputError naming each field and rule) and scores it. */
  score(input: unknown): ScoreOutput;
}

export interface ScaleDefinition extends ScaleSchema {
  /**
   * The scoring function's input names (camelCase) and the contract field each stands for, so that
   * reasons and errors from the scales speak the contract's names.
   */
  names: Readonly<Record<string, string>> | ((input: ValidInput) => Readonly<Record<string, string>>);
  compute(input: ValidInput): { outputs: Record<string, unknown>; reason: string };
}

/** Replaces the scale function's input names in a text with the contract's field names. */
export function translateNames(text: string, names: Readonly<Record<string, string>>): string {
  const ordered = Object.keys(names).sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return text;
  // One pass, so a replacement is never itself rewritten.
  return text.replace(new RegExp(`\\b(${ordered.join("|")})\\b`, "g"), (name) => names[name]!);
}

export function defineScale(definition: ScaleDefinition): ScoreScale {
  const { names, compute, ...schema } = definition;
  const outputNames = schema.outputs.map((o) => o.name);
  return {
    id: schema.id,
    title: schema.title,
    citation: schema.citation,
    schema,
    score(input: unknown): ScoreOutput {
      const valid = validateInput(schema, input);
      const vocabulary = typeof names === "function" ? names(valid) : names;
      let computed: { outputs: Record<string, unknown>; reason: string };
      try {
        computed = compute(valid);
      } catch (err) {
        if (!(err instanceof ScaleInputError)) throw err;
        const field = translateNames(err.field, vocabulary);
        throw new ScoreInputError(schema.id, [
          { field, rule: err.rule, message: translateNames(err.detail, vocabulary) },
        ]);
      }
      const produced = Object.keys(computed.outputs);
      if (produced.length !== outputNames.length || !outputNames.every((n) => n in computed.outputs)) {
        throw new Error(
          `${schema.id}: outputs ${produced.join(", ")} do not match the contract ${outputNames.join(", ")}`,
        );
      }
      const ordered: Record<string, unknown> = {};
      for (const name of outputNames) ordered[name] = computed.outputs[name];
      return {
        ...ordered,
        reason: translateNames(computed.reason, vocabulary),
        ...(valid.conversions.length > 0 ? { conversions: [...valid.conversions] } : {}),
      };
    },
  };
}

/** Reads a present value, or undefined when the field is absent (so the scale applies its default). */
export function read<T>(input: ValidInput, field: string): T | null | undefined {
  return field in input.values ? (input.values[field] as T | null) : undefined;
}

/** A quantity in its scoring unit, or undefined when none of its fields was given. */
export function quantity(input: ValidInput, name: string): number | null | undefined {
  return input.quantities[name]?.value;
}
