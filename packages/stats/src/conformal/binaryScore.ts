/**
 * The nonconformity score of a binary outcome given a predicted probability p̂ = P(Y = 1):
 * one minus the probability the model gave to the label, s(x, y) = 1 − p̂(y) — the "least
 * ambiguous set-valued classifier" score of Sadinle, Lei & Wasserman (J Am Stat Assoc
 * 2019;114:223), the usual choice for split-conformal classification (Angelopoulos & Bates 2023, §1).
 * For y = 0 it is written directly as p̂ rather than 1 − (1 − p̂), so that calibration and
 * prediction compare bit-identical numbers.
 */
export function binaryNonconformity(predicted: number, label: 0 | 1): number {
  return label === 1 ? 1 - predicted : predicted;
}
