import { describe, expect, it } from "vitest";
import { ctLesionVariable, deriveCtResponses } from "../src/dictionary/ctResponses.js";
import type { ValueLookup } from "../src/dictionary/derive.js";

type Lesions = Record<string, [number, number][]>;

/** A patient's CT record: lesion k's [LDi, SDi] per time point, plus findings. */
function record(lesions: Lesions, findings: Record<string, Record<string, unknown>> = {}): ValueLookup {
  const values = new Map<string, unknown>();
  for (const [timePoint, list] of Object.entries(lesions)) {
    list.forEach(([ldi, sdi], i) => {
      if (Number.isNaN(ldi)) return;
      values.set(`${ctLesionVariable(i + 1, "ldi")}@${timePoint}`, ldi);
      values.set(`${ctLesionVariable(i + 1, "sdi")}@${timePoint}`, sdi);
    });
  }
  for (const [timePoint, f] of Object.entries(findings)) {
    for (const [k, v] of Object.entries(f)) values.set(`${k}@${timePoint}`, v);
  }
  return (variable, timePoint) => values.get(`${variable}@${timePoint}`) as never;
}

const byTimePoint = (get: ValueLookup) =>
  Object.fromEntries(deriveCtResponses(get).map((d) => [d.timePoint, d]));

describe("CT-based Lugano response from target-lesion measurements (Cheson 2014)", () => {
  it("PR when the SPD falls by at least 50 % and a node stays above 1.5 cm", () => {
    // baseline SPD 4×3 + 3×2 = 18 cm²; day 28: 2×1.5 + 1×1 = 4 cm² (−77.8 %)
    const d = byTimePoint(
      record({
        pre_ld: [
          [4, 3],
          [3, 2],
        ],
        d28: [
          [2, 1.5],
          [1, 1],
        ],
      }),
    );
    expect(d.d28!.variable).toBe("ct_response_d28");
    expect(d.d28!.value).toBe("PR");
    expect(d.d28!.reason).toContain("SPD 18 cm² at baseline, 4 cm² now");
  });

  it("PR at exactly half the baseline SPD, SD just above (the boundary belongs to PR)", () => {
    // baseline 4×2.5 = 10 cm²; 2.5×2 = 5 cm² is exactly −50 %
    expect(byTimePoint(record({ pre_ld: [[4, 2.5]], d28: [[2.5, 2]] })).d28!.value).toBe("PR");
    expect(byTimePoint(record({ pre_ld: [[4, 2.5]], d28: [[2.5, 2.01]] })).d28!.value).toBe("SD");
  });

  it("CR when every target node is ≤ 1.5 cm with no new lesion, spleen or marrow finding", () => {
    const d = byTimePoint(
      record(
        {
          pre_ld: [
            [5, 4],
            [2.2, 1.8],
          ],
          d90: [
            [1.5, 1],
            [0, 0],
          ],
        },
        { d90: { ct_new_lesions: false, ct_spleen_progression: false, ct_marrow_new_involvement: false } },
      ),
    );
    expect(d.d90!.value).toBe("CR");
    expect(byTimePoint(record({ pre_ld: [[5, 4]], d90: [[1.6, 1]] })).d90!.value).toBe("PR");
  });

  it("PD by the single-lesion rule measured from the nadir, not from baseline", () => {
    // Lesion 1 shrank to 1.8×1.2 (PPD 2.16) at day 28 and regrew to 3×2 (PPD 6, +178 %, LDi +1.2 cm) by day 90,
    // still far below its baseline 6×4; the SPD vs baseline alone would say PR.
    const d = byTimePoint(
      record({
        pre_ld: [
          [6, 4],
          [3, 3],
        ],
        d28: [
          [1.8, 1.2],
          [1, 1],
        ],
        d90: [
          [3, 2],
          [1, 1],
        ],
      }),
    );
    expect(d.d28!.value).toBe("PR");
    expect(d.d90!.value).toBe("PD");
    expect(d.d90!.reason).toContain("lesion 1 (nadir at d28)");
    expect(d.d90!.reason).toContain("meets the single-lesion PPD progression rule");
  });

  it("a regrowing lesion that does not meet every part of the rule is not progression", () => {
    // PPD +50 % from nadir 2×2 but LDi and SDi each +0.45 cm (< 0.5 cm needed for a lesion ≤ 2 cm)
    const d = byTimePoint(record({ pre_ld: [[5, 5]], d28: [[2, 2]], d90: [[2.45, 2.45]] }));
    expect(d.d90!.value).toBe("PR");
  });

  it("a new node over 1.5 cm is progression even when a target lesion was not measured", () => {
    const d = byTimePoint(
      record(
        {
          pre_ld: [
            [4, 3],
            [3, 2],
          ],
          d28: [
            [2, 1.5],
            [Number.NaN, Number.NaN],
          ],
        },
        { d28: { ct_new_lesions: true, ct_new_node_longest_cm: 1.6 } },
      ),
    );
    expect(d.d28!.value).toBe("PD");
    expect(d.d28!.reason).toContain("new node 1.6 cm");
  });

  it("an unmeasured target lesion leaves the response unknown (never a smaller SPD)", () => {
    const d = byTimePoint(
      record({
        pre_ld: [
          [4, 3],
          [3, 2],
        ],
        d28: [
          [2, 1.5],
          [Number.NaN, Number.NaN],
        ],
      }),
    );
    expect(d.d28!.value).toBeNull();
    expect(d.d28!.reason).toContain("not measured: lesion 2");
    expect(d.d28!.reason).toContain("SPD unknown now");
  });

  it("no baseline target lesion: not graded, and no CT at a time point: nothing derived", () => {
    const d = byTimePoint(record({ d28: [[2, 1.5]] }));
    expect(d.d28!.value).toBeNull();
    expect(d.d28!.reason).toContain("no target lesion measured at baseline");
    expect(deriveCtResponses(record({ pre_ld: [[4, 3]] }))).toEqual([]);
  });
});
