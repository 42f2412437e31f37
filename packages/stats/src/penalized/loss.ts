/**
 * A smooth loss L(η) of the linear predictor, with case weights scaled to sum to 1, as the path
 * solver sees it. The penalised objective at λ is L(η) + λ·Σ_j v_j (α|β_j| + (1−α)/2·β_j²).
 */
export interface PathLoss {
  /**
   * At η: fill r with −∂L/∂η_i and v with the diagonal of ∂²L/∂η² (both carry the weights),
   * and return L(η).
   */
  working(eta: Float64Array, r: Float64Array, v: Float64Array): number;
  /** L(η) alone. */
  value(eta: Float64Array): number;
  /** L of the saturated model, the zero of the deviance 2·Σw·(L − saturated). */
  saturated: number;
}
