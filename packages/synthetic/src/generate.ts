import { SeededRandom } from "@carta/stats";
import { daysFromIso } from "./calendar.js";
import { type SimulatedCenter, simulateCenters } from "./centers.js";
import { LatentCopula } from "./copula.js";
import { STRUCTURE } from "./parameters.js";
import { type SimulatedPatient, simulatePatient } from "./patient/simulate.js";
import { recordPatient } from "./record/recordPatient.js";
import { type SyntheticParameters, studyParameters } from "./studyParameters.js";
import {
  COHORTS,
  type Cohort,
  type SyntheticCenter,
  type SyntheticObservation,
  type SyntheticPatient,
  type SyntheticStudyOptions,
} from "./types.js";

export interface SyntheticStudy {
  format: "carta.synthetic-study";
  version: 1;
  seed: number;
  parameters: SyntheticParameters;
  centers: SyntheticCenter[];
  patients: SyntheticPatient[];
  observations: SyntheticObservation[];
}

export interface StudyTruth {
  options: ResolvedOptions;
  centers: SimulatedCenter[];
  patients: SimulatedPatient[];
}

export interface ResolvedOptions {
  seed: number;
  sizes: Record<Cohort, number>;
  nCenters: number;
  dataCutoff: string;
  cutoffDay: number;
}

function checkCount(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`);
  return value;
}

function resolveOptions(options: SyntheticStudyOptions): ResolvedOptions {
  const seed = options.seed ?? STRUCTURE.defaultSeed;
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
  const sizes: Record<Cohort, number> = {
    "3L+": checkCount("nThirdLinePlus", options.nThirdLinePlus ?? STRUCTURE.defaultSizes["3L+"], 0),
    "2L": checkCount("nSecondLine", options.nSecondLine ?? STRUCTURE.defaultSizes["2L"], 0),
  };
  const nCenters = checkCount("nCenters", options.nCenters ?? STRUCTURE.defaultCenters, 1);
  const dataCutoff = options.dataCutoff ?? STRUCTURE.defaultDataCutoff;
  const cutoffDay = daysFromIso(dataCutoff, "dataCutoff");
  for (const cohort of COHORTS) {
    const window = STRUCTURE.infusionWindows[cohort];
    if (cutoffDay < daysFromIso(window.to, "infusion window")) {
      throw new RangeError(
        `dataCutoff ${dataCutoff} is before the end of the ${cohort} infusion window (${window.to}); choose a later cut-off`,
      );
    }
  }
  return { seed, sizes, nCenters, dataCutoff, cutoffDay };
}

/**
 * The simulated truth behind a study: centres and patients with every latent quantity, before
 * anything is recorded. Exposed for calibration checks; most callers want `generateSyntheticStudy`.
 */
export function simulateStudyTruth(options: SyntheticStudyOptions = {}): StudyTruth {
  const resolved = resolveOptions(options);
  const root = new SeededRandom(resolved.seed);
  const centers = simulateCenters(root.fork("centres"), resolved.nCenters, resolved.sizes);
  const copula = new LatentCopula();
  const patients: SimulatedPatient[] = [];
  for (const cohort of COHORTS) {
    // One stream per patient, forked from the cohort stream by index: patients are independent of
    // each other and of the other cohort, whatever their number.
    const cohortRng = root.fork(`cohort ${cohort}`);
    const window = STRUCTURE.infusionWindows[cohort];
    const infusionWindow = {
      from: daysFromIso(window.from, "infusion window"),
      to: daysFromIso(window.to, "infusion window"),
    };
    let index = 0;
    for (const center of centers) {
      for (let k = 0; k < center.patients[cohort]; k++) {
        patients.push(
          simulatePatient(cohortRng.fork(`patient ${index}`), {
            cohort,
            index,
            center,
            copula,
            infusionWindow,
            cutoffDay: resolved.cutoffDay,
          }),
        );
        index++;
      }
    }
  }
  return { options: resolved, centers, patients };
}

/** Pseudonymous ids numbered within each centre in order of the decision to treat: "SYN-C07-0042". */
function assignIds(patients: readonly SimulatedPatient[]): Map<SimulatedPatient, string> {
  const ids = new Map<SimulatedPatient, string>();
  const byCenter = new Map<string, SimulatedPatient[]>();
  for (const p of patients) {
    const list = byCenter.get(p.center.id) ?? [];
    list.push(p);
    byCenter.set(p.center.id, list);
  }
  for (const [centerId, list] of byCenter) {
    list.sort(
      (a, b) =>
        a.decisionDay - b.decisionDay ||
        (a.cohort < b.cohort ? -1 : a.cohort > b.cohort ? 1 : 0) ||
        a.index - b.index,
    );
    list.forEach((p, i) => {
      ids.set(p, `SYN-${centerId}-${String(i + 1).padStart(4, "0")}`);
    });
  }
  return ids;
}

/**
 * Records the patients of a simulated truth one at a time, in id order, handing each patient and its
 * observations (in canonical order) to `visit` — for studies too large to hold in memory at once.
 */
export function recordPatients(
  truth: StudyTruth,
  visit: (patient: SyntheticPatient, observations: SyntheticObservation[]) => void,
): void {
  const ids = assignIds(truth.patients);
  const ordered = [...truth.patients].sort((a, b) => (ids.get(a)! < ids.get(b)! ? -1 : 1));
  const root = new SeededRandom(truth.options.seed).fork("recording");
  for (const p of ordered) {
    const id = ids.get(p)!;
    const patient: SyntheticPatient = {
      id,
      center: p.center.id,
      cohort: p.cohort,
      consent: p.withdrawn ? "withdrawn" : "consented",
      synthetic: true,
    };
    visit(patient, recordPatient(root.fork(`${p.cohort} patient ${p.index}`), p, id));
  }
}

/** The recorded study of a simulated truth: what the study database would hold. */
export function recordStudy(truth: StudyTruth): SyntheticStudy {
  const patients: SyntheticPatient[] = [];
  const observations: SyntheticObservation[] = [];
  recordPatients(truth, (patient, recorded) => {
    patients.push(patient);
    for (const o of recorded) observations.push(o);
  });
  return {
    format: "carta.synthetic-study",
    version: 1,
    seed: truth.options.seed,
    parameters: studyParameters(truth.options, truth.centers),
    centers: truth.centers.map((c) => ({ id: c.id, name: c.name, ldhUlnUPerL: c.ldhUlnUPerL })),
    patients,
    observations,
  };
}

/**
 * A complete synthetic demo study: a pure function of (seed, options) — the same seed gives the same
 * study byte for byte. See packages/synthetic/README.md for the model.
 */
export function generateSyntheticStudy(options: SyntheticStudyOptions = {}): SyntheticStudy {
  return recordStudy(simulateStudyTruth(options));
}
