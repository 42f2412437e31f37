import { cholesky, multiplyLower, type SeededRandom } from "@carta/stats";
import { LATENT_CORRELATIONS, LATENT_VARIABLES, type LatentVariable } from "./parameters.js";

/**
 * Gaussian copula of §D.3: the 14 continuous baseline variables share one multivariate normal latent
 * vector with the listed correlations; each variable is then its marginal's quantile (or location-scale)
 * transform of its latent coordinate.
 */

export const LATENT_DIMENSION = LATENT_VARIABLES.length;

const latentIndex = new Map<LatentVariable, number>(LATENT_VARIABLES.map((name, i) => [name, i]));

export function latentCorrelationMatrix(): Float64Array {
  const n = LATENT_DIMENSION;
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) matrix[i * n + i] = 1;
  for (const [a, b, r] of LATENT_CORRELATIONS) {
    const i = latentIndex.get(a)!;
    const j = latentIndex.get(b)!;
    matrix[i * n + j] = r;
    matrix[j * n + i] = r;
  }
  return matrix;
}

export type LatentVector = Readonly<Record<LatentVariable, number>>;

export class LatentCopula {
  private readonly factor: Float64Array;
  private readonly scratch = new Float64Array(LATENT_DIMENSION);

  constructor() {
    this.factor = cholesky(latentCorrelationMatrix(), LATENT_DIMENSION);
  }

  draw(rng: SeededRandom): LatentVector {
    for (let i = 0; i < LATENT_DIMENSION; i++) this.scratch[i] = rng.normal();
    multiplyLower(this.factor, LATENT_DIMENSION, this.scratch, this.scratch);
    const out = {} as Record<LatentVariable, number>;
    for (let i = 0; i < LATENT_DIMENSION; i++) out[LATENT_VARIABLES[i]!] = this.scratch[i]!;
    return out;
  }
}
