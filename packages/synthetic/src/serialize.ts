import type { SyntheticStudy } from "./generate.js";
import { timePointRank } from "./record/recordPatient.js";
import type { SyntheticObservation } from "./types.js";

/**
 * Canonical text of a study: JSON lines, one record per line, keys sorted at every depth, records
 * sorted (study header; centres by id; patients by id; observations by patient, time point in study
 * order, variable). Two studies are the same exactly when their texts are equal.
 */

function canonical(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value))
      throw new RangeError(`cannot serialise ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
}

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareObservations(a: SyntheticObservation, b: SyntheticObservation): number {
  return (
    byString(a.patientId, b.patientId) ||
    timePointRank(a.timePoint) - timePointRank(b.timePoint) ||
    byString(a.variable, b.variable)
  );
}

export function serializeSyntheticStudy(study: SyntheticStudy): string {
  const lines: string[] = [
    canonical({
      record: "study",
      format: study.format,
      version: study.version,
      seed: study.seed,
      parameters: study.parameters,
    }),
  ];
  for (const center of [...study.centers].sort((a, b) => byString(a.id, b.id))) {
    lines.push(canonical({ record: "center", ...center }));
  }
  for (const patient of [...study.patients].sort((a, b) => byString(a.id, b.id))) {
    lines.push(canonical({ record: "patient", ...patient }));
  }
  // Observations are most of the text: written directly, keys already in sorted order.
  for (const o of [...study.observations].sort(compareObservations)) {
    lines.push(
      `{"patientId":${JSON.stringify(o.patientId)},"record":"observation","timePoint":${JSON.stringify(o.timePoint)},` +
        `"value":${canonical(o.value)},"variable":${JSON.stringify(o.variable)}}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
