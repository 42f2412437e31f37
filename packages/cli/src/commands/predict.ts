import {
  type CartaConfig,
  configFromEnv,
  localOperator,
  logPrediction,
  type PatientPrediction,
  predictPatient,
  systemClock,
} from "@carta/engine";
import { type Command, InvalidArgumentError } from "commander";
import { withStore } from "../withStore.js";
import { processIo, type StatsIo } from "./stats/shared.js";

/**
 * `carta predict --patient ID --model NAME [--version V]`: one patient's prediction from a registry
 * model (docs/lab.md "Predicting for one patient"): the probability of the model's event with a
 * bootstrap interval and a split-conformal set, SHAP per feature and per modality, what the
 * patient's missing inputs could change, and the most similar training patients. Read with the local
 * operator's scope; a patient it cannot read is "not found".
 */

export interface PredictCommandOptions {
  /** The store and local operator to act as; default: read from the environment when the command runs. */
  config?: CartaConfig;
  io?: StatsIo;
}

interface PredictOptions {
  patient: string;
  model: string;
  version?: number;
  bootstrap?: number;
  level?: number;
  alpha?: number;
  seed?: number;
  json?: boolean;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`expected a positive integer, got ${value}`);
  return n;
}

function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected an integer ≥ 0, got ${value}`);
  return n;
}

function fraction(value: string): number {
  const x = Number(value);
  if (!(x > 0 && x < 1)) throw new InvalidArgumentError(`expected a number in (0, 1), got ${value}`);
  return x;
}

const pct = (p: number) => `${(100 * p).toFixed(1)} %`;
const signed = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(3)}`;

/** The plain-text form: every number with what it is. */
function text(p: PatientPrediction): string {
  const m = p.model;
  const lines = [
    `patient ${p.patient_id}, model ${m.name} v${m.version} (${m.kind}) at the ${m.landmark} landmark`,
    `P(${m.event}) = ${pct(p.probability)}; ${Math.round(100 * p.interval.level)} % bootstrap interval ${pct(p.interval.lower)}–${pct(p.interval.upper)} (${p.interval.replicates_used} refits)`,
    `${Math.round(100 * p.conformal.coverage)} % conformal set: {${p.conformal_set.join(", ")}} (1 = ${m.event}; calibrated on ${p.conformal.calibration_rows} held-out training rows)`,
    ...(p.conformal.note ? [`  note: ${p.conformal.note}`] : []),
    m.validation
      ? `validated: ${m.validation.c_index ? `Harrell's C ${m.validation.c_index.estimate.toFixed(2)} (95 % CI ${m.validation.c_index.lower.toFixed(2)}–${m.validation.c_index.upper.toFixed(2)}), time-dependent AUC at ${m.validation.horizon_months} months` : "AUC"} ${m.validation.auc.toFixed(2)} (95 % CI ${m.validation.auc_lower.toFixed(2)}–${m.validation.auc_upper.toFixed(2)}), calibration slope ${m.validation.calibration_slope?.toFixed(2) ?? "undefined"} — ${m.validation.method}`
      : "not validated yet (carta lab validate)",
    "reasons:",
    ...p.reasons.map((r) => `  ${r.text}`),
    `${m.margin_scale}: base ${p.base_margin.toFixed(3)}, patient ${p.margin.toFixed(3)}; SHAP per feature:`,
    ...[...p.shap]
      .sort((a, b) => Math.abs(b.shap) - Math.abs(a.shap))
      .map((a) => `  ${a.feature} = ${a.value ?? "missing"} (${a.modality}): ${signed(a.shap)}`),
    "per modality:",
    ...p.modalities.map((g) => `  ${g.modality} (${g.features} features): ${signed(g.shap)}`),
  ];
  if (p.missing_inputs.length > 0) {
    lines.push("missing inputs (probability if the value were known):");
    for (const x of p.missing_inputs) {
      lines.push(
        `  ${x.feature}: ${x.note ?? `${pct(x.min_probability)}–${pct(x.max_probability)} over ${x.tried.join(", ")}`}`,
      );
    }
  }
  lines.push("most similar training patients (Gower distance, outcome):");
  for (const s of p.similar_patients) lines.push(`  ${s.patient_id}: ${s.distance.toFixed(3)}, ${s.outcome}`);
  if (!p.training_data.same_as_model) {
    lines.push("note: the training rows read now differ from those the version was fitted on");
  }
  lines.push(`intended use: ${m.intended_use}`);
  return `${lines.join("\n")}\n`;
}

export function registerPredictCommand(program: Command, options: PredictCommandOptions = {}): Command {
  const io = options.io ?? processIo;
  return program
    .command("predict")
    .description(
      "one patient's predicted probability from a registry model, with interval, conformal set, SHAP, missing inputs and similar patients",
    )
    .requiredOption("--patient <id>", "the patient's study id")
    .requiredOption("--model <name>", "the model's registry name")
    .option("--version <n>", "the model version (default: the newest)", positiveInteger)
    .option("--bootstrap <n>", "bootstrap refits for the interval (default 50)", positiveInteger)
    .option("--level <x>", "interval level (default 0.95)", fraction)
    .option("--alpha <x>", "conformal miscoverage α (default 0.1: 90 % sets)", fraction)
    .option(
      "--seed <n>",
      "seed of the bootstrap and the calibration split (default: the spec's)",
      nonNegativeInteger,
    )
    .option("--json", "the prediction as JSON")
    .action(async (opts: PredictOptions) => {
      const config = options.config ?? configFromEnv(process.env);
      const prediction = await withStore(config, async (store) => {
        const actor = await localOperator(store.db, config.localUser, systemClock());
        const computed = await predictPatient(store, actor, opts.model, opts.patient, {
          version: opts.version,
          bootstrapReplicates: opts.bootstrap,
          intervalLevel: opts.level,
          conformalAlpha: opts.alpha,
          seed: opts.seed,
        });
        // Every prediction shown is kept with its explanation (docs/lab.md "Predicting for one patient").
        const logged = await logPrediction(store, actor, systemClock, computed);
        return { ...computed, prediction_id: logged.id };
      });
      io.out(opts.json ? `${JSON.stringify(prediction, null, 2)}\n` : text(prediction));
    });
}
