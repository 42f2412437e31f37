import { FORMS } from "./forms.js";
import { TIME_POINTS } from "./timePoints.js";
import type { Landmark, StudyDictionary, TimePointDef, VariableDef } from "./types.js";
import { LANDMARKS } from "./types.js";
import { DATE_ORDER, VARIABLES } from "./variables.js";

export const STUDY_DICTIONARY: StudyDictionary = {
  format: "carta.dictionary",
  version: 1,
  study: "CAR-T in second-line LBCL: 2L prospective cohort and 3L+ registry",
  timePoints: TIME_POINTS,
  forms: FORMS,
  variables: VARIABLES,
  dateOrder: DATE_ORDER,
};

const variableById = new Map(VARIABLES.map((v) => [v.id, v]));
const timePointById = new Map(TIME_POINTS.map((t) => [t.id, t]));

export function findVariable(id: string): VariableDef | undefined {
  return variableById.get(id);
}

export function findTimePoint(id: string): TimePointDef | undefined {
  return timePointById.get(id);
}

export function landmarkIndex(landmark: Landmark): number {
  return LANDMARKS.indexOf(landmark);
}

/**
 * The landmark from which a variable's value at a time point is known: the variable's declared
 * landmark when it has one (the product is chosen at decision though recorded at apheresis), else
 * the time point's.
 */
export function knownFrom(variable: VariableDef, timePoint: string): Landmark {
  const tp = timePointById.get(timePoint);
  if (!tp) throw new RangeError(`unknown time point "${timePoint}"`);
  return variable.landmark ?? tp.landmark;
}

/** Whether a variable at a time point may be used by a model fitted at `landmark`. */
export function isKnownAt(variable: VariableDef, timePoint: string, landmark: Landmark): boolean {
  const from = knownFrom(variable, timePoint);
  return from !== "followup" && landmarkIndex(from) <= landmarkIndex(landmark);
}

/** Variables entered or imported by users (derived ones are computed). */
export function enteredVariables(): VariableDef[] {
  return VARIABLES.filter((v) => v.derivation === null);
}
