/**
 * Validation and time ordering shared by the competing-risks estimators. Status codes follow
 * cmprsk's convention with cencode = 0: 0 = censored, any positive integer = the cause of the
 * event. Times must be finite and ≥ 0 (cmprsk's Fortran assumes it and does not check).
 */

export interface CompetingRisksData {
  n: number;
  time: Float64Array;
  status: Uint32Array;
  /** Observation indices in ascending time, ties in input order (R's order(), which is stable). */
  order: Uint32Array;
  /** The distinct causes present, ascending (cmprsk: sort(unique(fstatus[fstatus != cencode]))). */
  causes: number[];
}

export function competingRisksData(
  what: string,
  time: ArrayLike<number>,
  status: ArrayLike<number>,
): CompetingRisksData {
  const n = time.length;
  if (n === 0) throw new RangeError(`${what}: no observations`);
  if (status.length !== n) {
    throw new RangeError(`${what}: time has ${n} values but status has ${status.length}`);
  }
  const t = new Float64Array(n);
  const s = new Uint32Array(n);
  const causes = new Set<number>();
  for (let i = 0; i < n; i++) {
    const ti = time[i]!;
    if (!Number.isFinite(ti) || ti < 0) {
      throw new RangeError(`${what}: time[${i}] is ${ti}; expected a finite number ≥ 0`);
    }
    t[i] = ti;
    const si = status[i]!;
    if (!Number.isInteger(si) || si < 0) {
      throw new RangeError(
        `${what}: status[${i}] is ${si}; expected 0 (censored) or a positive integer cause code`,
      );
    }
    s[i] = si;
    if (si !== 0) causes.add(si);
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => t[a]! - t[b]! || a - b);
  return { n, time: t, status: s, order, causes: [...causes].sort((a, b) => a - b) };
}
