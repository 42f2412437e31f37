/**
 * The study dictionary's vocabulary. Every study variable is declared once (variables.ts) with these
 * types; validation, imports, exports (REDCap), the synthetic generator, forms and the feature
 * builder all read the same declaration (DESIGN.md "One dictionary drives everything").
 */

/** Moments at which a prediction model may be fitted; a variable may be used only from its landmark on. */
export type Landmark = "decision" | "lymphodepletion" | "infusion" | "day7" | "day28" | "followup";

/** Landmarks in time order; "followup" is after every prediction landmark (outcomes, late visits). */
export const LANDMARKS: readonly Landmark[] = [
  "decision",
  "lymphodepletion",
  "infusion",
  "day7",
  "day28",
  "followup",
];

export type VariableType = "number" | "integer" | "boolean" | "date" | "code" | "text";

export interface Code {
  code: string;
  label: string;
}

export interface TimePointDef {
  id: string;
  label: string;
  /** Nominal day relative to infusion (day 0); null for event-driven or patient-level points. */
  nominalDay: number | null;
  /** Landmark from which values recorded at this time point are known. */
  landmark: Landmark;
}

export interface FormDef {
  id: string;
  label: string;
}

export interface VariableDef {
  id: string;
  label: string;
  type: VariableType;
  /** Canonical unit of stored values (UCUM-like text), null when unitless. */
  unit: string | null;
  /** Accepted range in the canonical unit; values outside are refused on entry and import. */
  range: { min: number; max: number } | null;
  codes: readonly Code[] | null;
  form: string;
  timePoints: readonly string[];
  /**
   * Landmark from which the value is known, when it is not simply the time point's own
   * (e.g. the product is chosen before apheresis, the day-28 maximum CRS grade only after day 28).
   */
  landmark: Landmark | null;
  required: boolean;
  /** Shown only when this holds (REDCap branching logic). */
  showIf: { variable: string; notIn: readonly string[] } | null;
  /** For derived variables: the inputs and the rule; the value is computed, never entered. */
  derivation: { from: readonly string[]; rule: string } | null;
  note: string | null;
}

/** Dates that must be in order for one patient: `earlier` ≤ `later` whenever both are known. */
export interface DateOrderRule {
  earlier: string;
  later: string;
}

export interface StudyDictionary {
  format: "carta.dictionary";
  version: number;
  study: string;
  timePoints: readonly TimePointDef[];
  forms: readonly FormDef[];
  variables: readonly VariableDef[];
  dateOrder: readonly DateOrderRule[];
}
