/**
 * The Cox fixtures written by tools/r/cox-fixtures.R (fixtures/cox.json), typed, and the fit of
 * each with carta's coxPh.
 */
import { coxPh } from "../src/survival/cox/coxPh.js";
import type { CoxPhFit, CoxTies } from "../src/survival/cox/types.js";
import reference from "./fixtures/cox.json";
import type { RNumber } from "./rValues.js";
import { vectorFromR } from "./rValues.js";

export interface RTest {
  chisq: RNumber;
  df: number;
  p: RNumber;
}

export interface ZphTable {
  names: string[];
  chisq: RNumber[];
  df: number[];
  p: RNumber[];
}

export interface CoxFixture {
  name: string;
  source: string;
  formula: string;
  ties: CoxTies;
  input: {
    time: number[];
    event: number[];
    names: string[];
    x: RNumber[];
    strata: string[] | null;
    cluster: string[] | null;
    weights: number[] | null;
    robust: boolean | null;
    iterMax: number | null;
    terms: { name: string; columns: string[] }[];
  };
  n: number;
  nEvent: number;
  iterations: number;
  robust: boolean;
  warnings: string[];
  coefficients: {
    coef: RNumber[];
    se: RNumber[];
    robustSe: RNumber[] | null;
    z: RNumber[];
    p: RNumber[];
    hr: RNumber[];
    hrLower: RNumber[];
    hrUpper: RNumber[];
  };
  loglikNull: number;
  loglik: number;
  tests: { likelihoodRatio: RTest; wald: RTest; score: RTest; robustScore: RTest | null };
  concordance: {
    concordant: number;
    discordant: number;
    tiedX: number;
    tiedY: number;
    tiedXY: number;
    concordance: number;
    stdErr: number;
  };
  means: RNumber[];
  modelVariance: RNumber[];
  robustVariance: RNumber[] | null;
  linearPredictors: RNumber[];
  baseline: {
    centered: { stratum: string | null; time: number[]; cumHaz: RNumber[] }[];
    uncentered: { stratum: string | null; time: number[]; cumHaz: RNumber[] }[];
  };
  newX: RNumber[];
  newStrata: string[] | null;
  predictions: {
    row: number;
    stratum: string | null;
    time: number[];
    nRisk: RNumber[];
    nEvent: RNumber[];
    nCensor: RNumber[];
    survival: RNumber[];
    cumHaz: RNumber[];
    stdErrCumHaz: RNumber[];
    stdErr: RNumber[];
    lower: RNumber[];
    upper: RNumber[];
  }[];
  zph: { transform: "km" | "identity" | "log" | "rank"; terms: boolean; table: ZphTable }[];
}

export interface ConcordanceFixture {
  name: string;
  source: string;
  input: {
    time: number[];
    event: number[];
    x: RNumber[];
    strata: string[] | null;
    weights: number[] | null;
  };
  concordant: number;
  discordant: number;
  tiedX: number;
  tiedY: number;
  tiedXY: number;
  concordance: number;
  variance: number;
}

export const coxFixtures = reference.fits as unknown as CoxFixture[];
export const concordanceFixtures = reference.concordance as unknown as ConcordanceFixture[];

export function coxFixture(name: string): CoxFixture {
  const found = coxFixtures.find((f) => f.name === name);
  if (!found) throw new Error(`cox.json has no fit ${name}`);
  return found;
}

const fits = new Map<string, CoxPhFit>();

/** carta's fit of a fixture's data with the fixture's options (cached: fits are pure). */
export function fitFixture(f: CoxFixture): CoxPhFit {
  let fit = fits.get(f.name);
  if (!fit) {
    fit = coxPh({
      time: f.input.time,
      event: f.input.event,
      x: vectorFromR(f.input.x),
      names: f.input.names,
      ties: f.ties,
      strata: f.input.strata ?? undefined,
      cluster: f.input.cluster ?? undefined,
      weights: f.input.weights ?? undefined,
      robust: f.input.robust ?? undefined,
      iterMax: f.input.iterMax ?? undefined,
      terms: f.input.terms,
    });
    fits.set(f.name, fit);
  }
  return fit;
}
