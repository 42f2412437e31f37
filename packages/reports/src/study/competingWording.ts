import { months } from "./studyWording.js";

/**
 * How the study report names a competing-risks model of relapse_vs_nrm (docs/lab.md "Relapse vs
 * non-relapse mortality (competing risks)"): the event is the cumulative incidence of one cause by the
 * horizon, the other cause competing (clinical-reference.md §E.3: status 1 progression/relapse, 2 death
 * without prior progression).
 */

export type CompetingCauseId = "relapse" | "nrm";

export interface CauseWording {
  id: CompetingCauseId;
  /** Short name in tables and axis labels: "NRM", "relapse". */
  short: string;
  /** The event in a sentence. */
  event: string;
  /** The competing event in a sentence. */
  competing: string;
  /** Its short name. */
  competingShort: string;
  /** Index of the cause's model in a stored cause-specific model (0 relapse, 1 NRM), as models.ts stores them. */
  modelIndex: 0 | 1;
}

const CAUSES: Readonly<Record<CompetingCauseId, CauseWording>> = {
  relapse: {
    id: "relapse",
    short: "relapse",
    event: "progression or relapse",
    competing: "non-relapse mortality (death without prior progression)",
    competingShort: "NRM",
    modelIndex: 0,
  },
  nrm: {
    id: "nrm",
    short: "NRM",
    event: "non-relapse mortality (death without prior progression)",
    competing: "progression or relapse",
    competingShort: "relapse",
    modelIndex: 1,
  },
};

export function causeWording(cause: CompetingCauseId): CauseWording {
  return CAUSES[cause];
}

/** The discrimination a competing-risks report leads with: Wolbers' C truncated at the horizon. */
export const WOLBERS_C = "Wolbers' C";

/** "time-dependent AUC of NRM at 12 months": the cause's cumulative/dynamic AUC, competing events as controls. */
export function causeAuc(cause: CauseWording, horizon: number): string {
  return `time-dependent AUC of ${cause.short} at ${months(horizon)}`;
}

/** "cumulative incidence of NRM by 12 months". */
export function causeIncidence(cause: CauseWording, horizon: number): string {
  return `cumulative incidence of ${cause.short} by ${months(horizon)}`;
}

/** Readable names of the bootstrap optimism indexes of a competing-risks model (COMPETING_OPTIMISM_INDEXES in @carta/ml). */
export function competingIndexLabel(index: string, cause: CauseWording, horizon: number): string {
  if (index === "WolbersC") return `${WOLBERS_C} (truncated at ${months(horizon)})`;
  if (index === "AUC") return capitalised(causeAuc(cause, horizon));
  if (index === "Brier") return `Brier score of ${cause.short} at ${months(horizon)} (IPCW)`;
  return index;
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The cited sources of the cause-specific model and its absolute risk. */
export const CAUSE_SPECIFIC_SOURCES =
  "Benichou & Gail, Biometrics 1990;46:813; Ozenne et al., R Journal 2017;9(2):440 (riskRegression::CSC)";
