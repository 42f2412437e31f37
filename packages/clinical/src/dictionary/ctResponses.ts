import { type LesionPpdResult, luganoCt, luganoLesion } from "../scales/lugano.js";
import type { ValueLookup } from "./derive.js";
import type { DerivedCode } from "./petResponses.js";

/**
 * The day-28 and day-90 CT-based Lugano responses (Cheson BD et al. J Clin Oncol 2014;32:3059, Table 3;
 * clinical-reference.md §B.4 "CT-based") derived from the recorded target-lesion measurements: up to six
 * target lesions measured at baseline (pre-lymphodepletion imaging) and again at each assessment as
 * longest (LDi) and shortest (SDi) diameter in cm — a lesion too small to measure is recorded as
 * 0.5 × 0.5 cm, a lesion that disappeared as 0 × 0 — plus new lesions, splenic progression and new marrow
 * involvement.
 *
 * - SPD = Σ LDi × SDi over the target lesions measured at baseline; the response needs every one of
 *   them measured again (a target lesion left blank makes the SPD unknown, never a smaller sum).
 * - The single-lesion PPD progression rule is applied to each lesion against its nadir: the smallest
 *   PPD among the earlier measurements (baseline and earlier assessments), as Cheson 2014 measures
 *   progression "from nadir".
 */

export const CT_TARGET_LESIONS = 6;
export const CT_BASELINE_TIME_POINT = "pre_ld";
const CT_ASSESSMENTS = [
  { timePoint: "d28", response: "ct_response_d28" },
  { timePoint: "d90", response: "ct_response_d90" },
] as const;
export const CT_ASSESSMENT_TIME_POINTS = CT_ASSESSMENTS.map((a) => a.timePoint);

export function ctLesionVariable(lesion: number, diameter: "ldi" | "sdi"): string {
  return `ct_lesion_${lesion}_${diameter}_cm`;
}

interface LesionMeasurement {
  ldiCm: number;
  sdiCm: number;
}

function measurement(get: ValueLookup, lesion: number, timePoint: string): LesionMeasurement | null {
  const ldi = get(ctLesionVariable(lesion, "ldi"), timePoint);
  const sdi = get(ctLesionVariable(lesion, "sdi"), timePoint);
  return typeof ldi === "number" && typeof sdi === "number" ? { ldiCm: ldi, sdiCm: sdi } : null;
}

function anyLesionRecorded(get: ValueLookup, timePoint: string): boolean {
  for (let k = 1; k <= CT_TARGET_LESIONS; k++) {
    if (get(ctLesionVariable(k, "ldi"), timePoint) !== undefined) return true;
    if (get(ctLesionVariable(k, "sdi"), timePoint) !== undefined) return true;
  }
  return false;
}

function flag(get: ValueLookup, variable: string, timePoint: string): boolean | undefined {
  const v = get(variable, timePoint);
  return typeof v === "boolean" ? v : undefined;
}

/** Rounded for reading: products of decimal diameters (2.3 × 1.1 = 2.5300000000000002). */
function cm2(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function deriveCtResponses(get: ValueLookup): DerivedCode[] {
  const out: DerivedCode[] = [];
  const baseline: (LesionMeasurement | null)[] = [];
  for (let k = 1; k <= CT_TARGET_LESIONS; k++) baseline.push(measurement(get, k, CT_BASELINE_TIME_POINT));
  const targets = baseline.flatMap((m, i) => (m === null ? [] : [i + 1]));
  const earlier: string[] = [CT_BASELINE_TIME_POINT];
  for (const { timePoint, response } of CT_ASSESSMENTS) {
    if (!anyLesionRecorded(get, timePoint)) continue;
    if (targets.length === 0) {
      out.push({
        variable: response,
        timePoint,
        value: null,
        reason: `not graded: no target lesion measured at baseline (${CT_BASELINE_TIME_POINT})`,
      });
      earlier.push(timePoint);
      continue;
    }
    let spdBaselineCm2 = 0;
    let spdCurrentCm2: number | null = 0;
    let allNodesSmall: boolean | null = true;
    let ppdProgression: boolean | null = false;
    const unmeasured: string[] = [];
    const progressing: string[] = [];
    for (const k of targets) {
      const base = baseline[k - 1]!;
      spdBaselineCm2 += base.ldiCm * base.sdiCm;
      const now = measurement(get, k, timePoint);
      if (now === null) {
        unmeasured.push(`lesion ${k}`);
        spdCurrentCm2 = null;
        allNodesSmall = allNodesSmall === false ? false : null;
        if (ppdProgression === false) ppdProgression = null;
        continue;
      }
      if (spdCurrentCm2 !== null) spdCurrentCm2 += now.ldiCm * now.sdiCm;
      if (now.ldiCm > 1.5) allNodesSmall = false;
      const nadir = nadirOf(get, k, earlier);
      const rule: LesionPpdResult = luganoLesion({
        nadirLdiCm: nadir.ldiCm,
        nadirSdiCm: nadir.sdiCm,
        currentLdiCm: now.ldiCm,
        currentSdiCm: now.sdiCm,
      });
      if (rule.meetsProgression === true) {
        ppdProgression = true;
        progressing.push(`lesion ${k} (nadir at ${nadir.timePoint}) ${rule.reason}`);
      }
    }
    const newLesions = flag(get, "ct_new_lesions", timePoint);
    const newNode = get("ct_new_node_longest_cm", timePoint);
    const result = luganoCt({
      // luganoCt takes SPDs in mm²; 1 cm² = 100 mm².
      spdBaselineMm2: spdBaselineCm2 * 100,
      spdCurrentMm2: spdCurrentCm2 === null ? null : spdCurrentCm2 * 100,
      allTargetNodesLdiLe15Mm: allNodesSmall,
      newLesions,
      newNodeLongestDiameterCm: newLesions === true && typeof newNode === "number" ? newNode : undefined,
      anySingleLesionMeetsPpdProgression: ppdProgression,
      spleenProgression: flag(get, "ct_spleen_progression", timePoint),
      marrowNewInvolvement: flag(get, "ct_marrow_new_involvement", timePoint),
    });
    const facts = [
      `${targets.length} target lesion${targets.length === 1 ? "" : "s"}`,
      `SPD ${cm2(spdBaselineCm2)} cm² at baseline`,
      spdCurrentCm2 === null ? "SPD unknown now" : `${cm2(spdCurrentCm2)} cm² now`,
    ];
    if (unmeasured.length) facts.push(`not measured: ${unmeasured.join(", ")}`);
    const detail = progressing.length ? `; ${progressing.join("; ")}` : "";
    out.push({
      variable: response,
      timePoint,
      value: result.value,
      reason: `${result.reason} [${facts.join(", ")}${detail}]`,
    });
    earlier.push(timePoint);
  }
  return out;
}

/** The lesion's smallest-PPD measurement among the earlier time points (ties: the earliest). */
function nadirOf(
  get: ValueLookup,
  lesion: number,
  earlier: readonly string[],
): LesionMeasurement & { timePoint: string } {
  let best: (LesionMeasurement & { timePoint: string }) | null = null;
  for (const timePoint of earlier) {
    const m = measurement(get, lesion, timePoint);
    if (m !== null && (best === null || m.ldiCm * m.sdiCm < best.ldiCm * best.sdiCm)) {
      best = { ...m, timePoint };
    }
  }
  // The baseline measurement exists for every target lesion, so there is always a nadir.
  return best!;
}
