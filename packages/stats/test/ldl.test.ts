import { describe, expect, it } from "vitest";
import { ldlFactor, ldlInverse, ldlSolveInPlace, quadraticFormInverse } from "../src/linalg/ldl.js";
import { SingularMatrixError, solveLinear } from "../src/linalg/solve.js";

// A = F D Fᵀ with F = [[1,0,0],[0.5,1,0],[-1,2,1]], D = diag(4, 2, 0.5).
const A = Float64Array.from([4, 2, -4, 2, 3, 2, -4, 2, 12.5]);
// A⁻¹ = F⁻ᵀ D⁻¹ F⁻¹, as R's solve(matrix(c(4, 2, -4, 2, 3, 2, -4, 2, 12.5), 3)) gives it.
const A_INVERSE = [
  [8.375, -8.25, 4],
  [-8.25, 8.5, -4],
  [4, -4, 2],
];

function product(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) out[i * n + j]! += a[i * n + k]! * b[k * n + j]!;
  return out;
}

describe("generalised Cholesky (survival's cholesky2, chsolve2, chinv2)", () => {
  it("factors A = F·D·Fᵀ with unit F and D on the diagonal", () => {
    const { factor, rank } = ldlFactor(A, 3);
    expect(rank).toBe(3);
    expect([factor[0], factor[4], factor[8]]).toEqual([4, 2, 0.5]);
    expect([factor[3], factor[6], factor[7]]).toEqual([0.5, -1, 2]);
  });

  it("solves and inverts", () => {
    const ldl = ldlFactor(A, 3);
    const x = ldlSolveInPlace(ldl, Float64Array.from([1, 2, 3]));
    const expected = A_INVERSE.map((row) => row[0]! * 1 + row[1]! * 2 + row[2]! * 3);
    for (let i = 0; i < 3; i++) expect(x[i]).toBeCloseTo(expected[i]!, 12);
    const inverse = ldlInverse(ldl);
    const identity = product(A, inverse, 3);
    for (let i = 0; i < 9; i++) expect(identity[i]).toBeCloseTo(i % 4 === 0 ? 1 : 0, 13);
    expect(inverse[1]).toBe(inverse[3]);
  });

  it("marks a redundant column with D = 0 and gives 0 in its place, as coxph needs for aliased covariates", () => {
    // Third column = first + second: rank 2.
    const singular = Float64Array.from([2, 1, 3, 1, 2, 3, 3, 3, 6]);
    const ldl = ldlFactor(singular, 3);
    expect(ldl.rank).toBe(2);
    expect(ldl.factor[8]).toBe(0);
    const inverse = ldlInverse(ldl);
    expect([inverse[2], inverse[5], inverse[6], inverse[7], inverse[8]]).toEqual([0, 0, 0, 0, 0]);
    expect(ldlSolveInPlace(ldl, Float64Array.from([1, 1, 1]))[2]).toBe(0);
    expect(quadraticFormInverse(singular, 3, [1, 1, 2]).df).toBe(2);
  });

  it("computes bᵀA⁻¹b with its degrees of freedom (coxph.wtest)", () => {
    const { value, df } = quadraticFormInverse(A, 3, [1, 2, 3]);
    const expected = [1, 2, 3].reduce(
      (s, bi, i) => s + bi * A_INVERSE[i]!.reduce((t, aij, j) => t + aij * [1, 2, 3][j]!, 0),
      0,
    );
    expect(value).toBeCloseTo(expected, 12);
    expect(df).toBe(3);
  });

  it("reports a negative rank for a clearly indefinite matrix", () => {
    expect(ldlFactor(Float64Array.from([1, 2, 2, 1]), 2).rank).toBeLessThan(0);
  });
});

describe("solveLinear (LU with partial pivoting, as R's solve)", () => {
  it("solves a system that needs pivoting", () => {
    const m = Float64Array.from([0, 2, 1, 1, 1, 1, 2, 1, 0]);
    const x = solveLinear(m, 3, [3, 3, 3]);
    for (let i = 0; i < 3; i++) expect(x[i]).toBeCloseTo(1, 14);
  });

  it("throws on an exactly singular matrix and on mismatched sizes", () => {
    expect(() => solveLinear(Float64Array.from([1, 2, 2, 4]), 2, [1, 1])).toThrow(SingularMatrixError);
    expect(() => solveLinear(Float64Array.from([1, 0, 0, 1]), 2, [1])).toThrow(/right-hand side/);
  });
});
