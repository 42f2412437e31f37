/**
 * Per-study (per-centre) inputs of a meta-analysis: estimates yᵢ with their sampling variances vᵢ,
 * given either as variances or as standard errors (vᵢ = seᵢ²), checked with errors that name the
 * argument and the position.
 */

export interface MetaStudyInputs {
  /** Estimates yᵢ (log odds ratios, AUCs, calibration slopes, …). */
  yi: ArrayLike<number>;
  /** Sampling variances vᵢ > 0; give either vi or sei. */
  vi?: ArrayLike<number>;
  /** Standard errors seᵢ > 0, used as vᵢ = seᵢ²; give either vi or sei. */
  sei?: ArrayLike<number>;
}

export interface MetaStudies {
  k: number;
  yi: Float64Array;
  vi: Float64Array;
}

/** Copies of yᵢ and vᵢ after validation; at least two studies are needed for any between-study quantity. */
export function metaStudies(caller: string, inputs: MetaStudyInputs): MetaStudies {
  const { yi, vi, sei } = inputs;
  if (yi === undefined || yi === null) throw new RangeError(`${caller}: yi is required`);
  if ((vi === undefined) === (sei === undefined)) {
    throw new RangeError(`${caller}: give exactly one of vi (sampling variances) and sei (standard errors)`);
  }
  const k = yi.length;
  if (k < 2) throw new RangeError(`${caller}: yi has ${k} value(s); a meta-analysis needs k ≥ 2 studies`);
  const spread = (vi ?? sei)!;
  const spreadName = vi !== undefined ? "vi" : "sei";
  if (spread.length !== k) {
    throw new RangeError(`${caller}: yi has ${k} values but ${spreadName} has ${spread.length}`);
  }
  const y = new Float64Array(k);
  const v = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const yv = yi[i]!;
    if (!Number.isFinite(yv)) throw new RangeError(`${caller}: yi[${i}] is ${yv}; expected a finite number`);
    y[i] = yv;
    const s = spread[i]!;
    if (!(s > 0 && Number.isFinite(s))) {
      const what = spreadName === "vi" ? "a sampling variance" : "a standard error";
      throw new RangeError(`${caller}: ${spreadName}[${i}] is ${s}; expected ${what} > 0 and finite`);
    }
    v[i] = spreadName === "vi" ? s : s * s;
  }
  return { k, yi: y, vi: v };
}
