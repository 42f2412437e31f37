/**
 * Checks shared by the binary-outcome metrics: predictions and 0/1 outcomes of equal length, with
 * errors that name the argument and the position.
 */

export type PredictionRange = "finite" | "closed-unit" | "open-unit";

const RANGE_TEXT: Record<PredictionRange, string> = {
  finite: "a finite number",
  "closed-unit": "a probability in [0, 1]",
  "open-unit": "a probability strictly between 0 and 1",
};

/** Copies of the predictions and outcomes after validation, with the number of events. */
export function binaryInputs(
  caller: string,
  predicted: ArrayLike<number>,
  outcome: ArrayLike<number>,
  range: PredictionRange,
  predictedName = "predicted",
): { p: Float64Array; y: Uint8Array; events: number } {
  const n = outcome.length;
  if (n === 0) throw new RangeError(`${caller}: no observations`);
  if (predicted.length !== n) {
    throw new RangeError(`${caller}: outcome has ${n} values but ${predictedName} has ${predicted.length}`);
  }
  const p = new Float64Array(n);
  const y = new Uint8Array(n);
  let events = 0;
  for (let i = 0; i < n; i++) {
    const yi = outcome[i]!;
    if (yi !== 0 && yi !== 1) throw new RangeError(`${caller}: outcome[${i}] is ${yi}; expected 0 or 1`);
    y[i] = yi;
    events += yi;
    const pi = predicted[i]!;
    const ok =
      range === "finite"
        ? Number.isFinite(pi)
        : range === "closed-unit"
          ? pi >= 0 && pi <= 1
          : pi > 0 && pi < 1;
    if (!ok)
      throw new RangeError(`${caller}: ${predictedName}[${i}] is ${pi}; expected ${RANGE_TEXT[range]}`);
    p[i] = pi;
  }
  return { p, y, events };
}

/** Throws unless both outcome classes are present (at least `minimum` of each). */
export function requireBothClasses(caller: string, n: number, events: number, minimum = 1): void {
  if (events < minimum || n - events < minimum) {
    throw new RangeError(
      `${caller}: needs at least ${minimum} observation(s) with the event and ${minimum} without; ` +
        `got ${events} and ${n - events}`,
    );
  }
}
