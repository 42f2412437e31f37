import { contradiction, isMissing, type MaybeBoolean, type MaybeNumber, ScaleInputError } from "./inputs.js";
import { type Dimension, irrelevantNote, known, open, settle, unsettledReason } from "./unknowns.js";

/**
 * Cytokine release syndrome, ASTCT consensus grading of one assessment.
 * Source: Lee DW et al. Biol Blood Marrow Transplant 2019;25:625 (clinical-reference.md §B.1).
 *
 * CRS needs fever ≥ 38.0 °C not attributable to another cause; once an antipyretic or anti-cytokine
 * treatment (tocilizumab, corticosteroid) has been given for CRS, fever is no longer required and the
 * grade is driven by hypotension and hypoxia: grade = max(1, hypotension, hypoxia); death from CRS is
 * grade 5. Organ toxicities do not modify the grade (grade them with CTCAE).
 *
 * Carrying a grade across an episode (§F.4: treated, afebrile, no hypotension or hypoxia) is the
 * timeline's job; this function grades the single assessment as §B.1 does (grade 1) and raises
 * `afebrileAfterTreatment` so the timeline can apply its rule.
 *
 * Absent yes/no findings (undefined) are false — the sign was not present; null means not assessed.
 * Any other input that is null or undefined is unknown, and the grade is null only if its value could
 * change the grade.
 */

export const OXYGEN_DEVICES = [
  "none",
  "blow_by",
  "nasal_cannula",
  "high_flow_nasal_cannula",
  "simple_facemask",
  "non_rebreather_mask",
  "venturi_mask",
  "cpap",
  "bipap",
  "mechanical_ventilation",
] as const;
export type OxygenDevice = (typeof OXYGEN_DEVICES)[number];

/** Vasopressors counted by ASTCT (norepinephrine-equivalent agents). */
export const VASOPRESSORS = [
  "norepinephrine",
  "epinephrine",
  "dopamine",
  "phenylephrine",
  "vasopressin",
] as const;
export type Vasopressor = (typeof VASOPRESSORS)[number];

export interface CrsInput {
  temperatureMaxC?: MaybeNumber;
  /** An antipyretic, tocilizumab or a corticosteroid was given for CRS before this assessment. */
  treatedForCrsBeforeAssessment?: MaybeBoolean;
  hypotensionPresent?: MaybeBoolean;
  vasopressorsInUse?: readonly Vasopressor[] | null;
  oxygenDevice?: OxygenDevice | null;
  oxygenFlowLPerMin?: MaybeNumber;
  symptomsAttributableToOtherCause?: MaybeBoolean;
  deathAttributableToCrs?: MaybeBoolean;
}

export interface CrsOptions {
  /** Fever threshold in °C, inclusive (default 38.0). */
  feverThresholdC?: number;
  /** Highest nasal-cannula flow that counts as low flow, inclusive (default 6 L/min). */
  lowFlowMaxLPerMin?: number;
}

export interface CrsResult {
  /** ASTCT CRS grade 0–5; null when an unknown input could change it. */
  value: number | null;
  /** Hypotension sub-grade 0, 2, 3 or 4; null when unknown. */
  hypotensionSubgrade: number | null;
  /** Hypoxia sub-grade 0, 2, 3 or 4; null when unknown. */
  hypoxiaSubgrade: number | null;
  /** Treated for CRS, afebrile, no hypotension or hypoxia: the case §F.4 leaves to the timeline. */
  afebrileAfterTreatment: boolean;
  reason: string;
}

interface CrsDomains extends Record<string, unknown> {
  otherCause: boolean;
  death: boolean;
  treated: boolean;
  fever: boolean;
  hypotension: number;
  hypoxia: number;
}

const HIGH_FLOW_DEVICES: readonly OxygenDevice[] = [
  "high_flow_nasal_cannula",
  "simple_facemask",
  "non_rebreather_mask",
  "venturi_mask",
];

/** A yes/no finding: absent means not present, null means not assessed. */
function finding(value: MaybeBoolean, field: string): Dimension<boolean> {
  if (value === undefined) return known(false);
  if (value === null) return open([false, true], [field]);
  return known(value);
}

/** §B.1 step 2: present without vasopressor 2; one vasopressor ± vasopressin 3; ≥ 2 excluding vasopressin 4. */
export function hypotensionSubgrade(present: boolean, vasopressors: readonly Vasopressor[]): number {
  if (!present) return 0;
  if (vasopressors.length === 0) return 2;
  return vasopressors.filter((v) => v !== "vasopressin").length <= 1 ? 3 : 4;
}

/** §B.1 step 3: low-flow cannula or blow-by 2; high-flow or mask 3; positive pressure 4. */
export function hypoxiaSubgrade(
  device: OxygenDevice,
  flowLPerMin: number | null,
  lowFlowMax = 6,
): number | null {
  if (device === "none") return 0;
  if (device === "blow_by") return 2;
  if (device === "nasal_cannula") return flowLPerMin === null ? null : flowLPerMin <= lowFlowMax ? 2 : 3;
  if (HIGH_FLOW_DEVICES.includes(device)) return 3;
  return 4;
}

function checkCrsInput(input: CrsInput): void {
  const t = input.temperatureMaxC;
  if (!isMissing(t) && !Number.isFinite(t)) {
    throw new ScaleInputError("temperatureMaxC", "range", `must be a finite number, got ${t}`);
  }
  const flow = input.oxygenFlowLPerMin;
  if (!isMissing(flow) && (!Number.isFinite(flow) || flow < 0)) {
    throw new ScaleInputError("oxygenFlowLPerMin", "range", `must be a finite number ≥ 0, got ${flow}`);
  }
  const device = input.oxygenDevice;
  if (!isMissing(device) && !OXYGEN_DEVICES.includes(device)) {
    throw new ScaleInputError(
      "oxygenDevice",
      "allowed_values",
      `must be one of ${OXYGEN_DEVICES.join(", ")}`,
    );
  }
  const pressors = input.vasopressorsInUse ?? [];
  for (const p of pressors) {
    if (!VASOPRESSORS.includes(p)) {
      throw new ScaleInputError(
        "vasopressorsInUse",
        "allowed_values",
        `${p} is not one of ${VASOPRESSORS.join(", ")}`,
      );
    }
  }
  if (new Set(pressors).size !== pressors.length) {
    throw new ScaleInputError("vasopressorsInUse", "duplicate", "lists a vasopressor twice");
  }
  if (pressors.length > 0 && input.hypotensionPresent === false) {
    throw contradiction("vasopressorsInUse", "vasopressors are listed but hypotensionPresent is false");
  }
  if (pressors.length > 0 && input.hypotensionPresent === undefined) {
    throw contradiction(
      "hypotensionPresent",
      "vasopressors are listed, so hypotension must be recorded as present",
    );
  }
  if (device === "none" && !isMissing(flow) && flow > 0) {
    throw contradiction("oxygenFlowLPerMin", `${flow} L/min with oxygenDevice none`);
  }
  if (input.symptomsAttributableToOtherCause === true && input.deathAttributableToCrs === true) {
    throw contradiction(
      "deathAttributableToCrs",
      "death attributed to CRS while the symptoms are attributed to another cause",
    );
  }
}

function hypotensionDomain(input: CrsInput): Dimension<number> {
  const pressors = input.vasopressorsInUse;
  if (input.hypotensionPresent === false || input.hypotensionPresent === undefined) return known(0);
  const pressorGrades = isMissing(pressors)
    ? { values: [2, 3, 4], fields: ["vasopressorsInUse"] }
    : { values: [hypotensionSubgrade(true, pressors)], fields: [] };
  if (input.hypotensionPresent === true) return open(pressorGrades.values, pressorGrades.fields);
  // Hypotension not assessed: listed vasopressors imply it; otherwise it may be absent.
  if (!isMissing(pressors) && pressors.length > 0) return known(hypotensionSubgrade(true, pressors));
  return open([0, ...pressorGrades.values], ["hypotensionPresent", ...pressorGrades.fields]);
}

function hypoxiaDomain(input: CrsInput, lowFlowMax: number): Dimension<number> {
  const device = input.oxygenDevice;
  if (isMissing(device)) return open([0, 2, 3, 4], ["oxygenDevice"]);
  const flow = isMissing(input.oxygenFlowLPerMin) ? null : input.oxygenFlowLPerMin;
  const grade = hypoxiaSubgrade(device, flow, lowFlowMax);
  return grade === null ? open([2, 3], ["oxygenFlowLPerMin"]) : known(grade);
}

const DEVICE_LABEL: Record<OxygenDevice, string> = {
  none: "room air",
  blow_by: "blow-by oxygen",
  nasal_cannula: "nasal cannula",
  high_flow_nasal_cannula: "high-flow nasal cannula",
  simple_facemask: "simple facemask",
  non_rebreather_mask: "non-rebreather mask",
  venturi_mask: "Venturi mask",
  cpap: "CPAP",
  bipap: "BiPAP",
  mechanical_ventilation: "mechanical ventilation",
};

function hypotensionText(grade: number, pressors: readonly Vasopressor[]): string {
  if (grade === 2) return "hypotension not requiring vasopressors (hypotension 2)";
  const list = pressors.join(", ");
  if (grade === 3)
    return `hypotension requiring one vasopressor with or without vasopressin (${list}) (hypotension 3)`;
  return `hypotension requiring ≥ 2 vasopressors other than vasopressin (${list}) (hypotension 4)`;
}

function hypoxiaText(grade: number, device: OxygenDevice, flow: MaybeNumber, lowFlowMax: number): string {
  if (device === "nasal_cannula") {
    const band = grade === 2 ? `≤ ${lowFlowMax}, low flow` : `> ${lowFlowMax}, high flow`;
    return `oxygen by nasal cannula at ${flow} L/min (${band}) (hypoxia ${grade})`;
  }
  if (grade === 4) return `positive-pressure ventilation: ${DEVICE_LABEL[device]} (hypoxia 4)`;
  return `oxygen by ${DEVICE_LABEL[device]} (hypoxia ${grade})`;
}

function crsGradeOf(d: CrsDomains): number {
  if (d.otherCause) return 0;
  if (d.death) return 5;
  if (!d.fever && !d.treated) return 0;
  return Math.max(1, d.hypotension, d.hypoxia);
}

export function crs(input: CrsInput, options: CrsOptions = {}): CrsResult {
  checkCrsInput(input);
  const feverThreshold = options.feverThresholdC ?? 38.0;
  const lowFlowMax = options.lowFlowMaxLPerMin ?? 6;
  const t = input.temperatureMaxC;
  const dims = {
    otherCause: finding(input.symptomsAttributableToOtherCause, "symptomsAttributableToOtherCause"),
    death: finding(input.deathAttributableToCrs, "deathAttributableToCrs"),
    treated: finding(input.treatedForCrsBeforeAssessment, "treatedForCrsBeforeAssessment"),
    fever: isMissing(t) ? open([false, true], ["temperatureMaxC"]) : known(t >= feverThreshold),
    hypotension: hypotensionDomain(input),
    hypoxia: hypoxiaDomain(input, lowFlowMax),
  };
  const knownSub = (dim: Dimension<number>): number | null =>
    dim.values.length === 1 ? dim.values[0]! : null;
  const base = {
    hypotensionSubgrade: knownSub(dims.hypotension),
    hypoxiaSubgrade: knownSub(dims.hypoxia),
  };
  const outcome = settle<CrsDomains, number>(dims, crsGradeOf, String);
  if (!outcome.settled) {
    return {
      value: null,
      ...base,
      afebrileAfterTreatment: false,
      reason: unsettledReason(
        "CRS grade",
        outcome.needed,
        outcome.outcomes.map((g) => `grade ${g}`),
      ),
    };
  }
  const grade = outcome.result;
  const d = outcome.assignment;
  const isKnown = (name: keyof typeof dims): boolean => dims[name].values.length === 1;
  const temperature = isMissing(t) ? "" : `${t} °C`;
  let reason: string;
  let afebrileAfterTreatment = false;
  if (d.otherCause) {
    reason = "CRS grade 0: symptoms attributable to another cause";
  } else if (d.death) {
    reason = "CRS grade 5: death attributable to CRS";
  } else if (!d.fever && !d.treated) {
    reason = `CRS grade 0: temperature ${temperature} < ${feverThreshold} °C and no antipyretic or anti-cytokine treatment for CRS before this assessment`;
  } else {
    const criteria: string[] = [];
    if (isKnown("hypotension") && d.hypotension === grade && grade >= 2) {
      criteria.push(hypotensionText(grade, input.vasopressorsInUse ?? []));
    }
    if (isKnown("hypoxia") && d.hypoxia === grade && grade >= 2) {
      criteria.push(hypoxiaText(grade, input.oxygenDevice!, input.oxygenFlowLPerMin, lowFlowMax));
    }
    const fever =
      isKnown("fever") && d.fever
        ? `fever ${temperature} ≥ ${feverThreshold} °C`
        : "treated for CRS before this assessment, so fever is not required";
    if (grade === 1) {
      afebrileAfterTreatment = isKnown("fever") && !d.fever && d.hypotension === 0 && d.hypoxia === 0;
      criteria.push(
        afebrileAfterTreatment
          ? `treated for CRS, afebrile (${temperature}), no hypotension or hypoxia: grade 1 by the §B.1 rule; ASTCT leaves this undefined and the timeline carries the previous grade forward (§F.4)`
          : `${fever} without hypotension or hypoxia`,
      );
      reason = `CRS grade 1: ${criteria.join("; ")}`;
    } else {
      reason = `CRS grade ${grade} (${fever}): ${criteria.join(" and ")}`;
    }
  }
  return {
    value: grade,
    ...base,
    afebrileAfterTreatment,
    reason: reason + irrelevantNote(outcome.irrelevant),
  };
}
