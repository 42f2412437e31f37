import { luganoCt } from "../lugano.js";
import { defineScale, read } from "./define.js";

const F = {
  spdBaseline: "spd_baseline_mm2",
  spdCurrent: "spd_current_mm2",
  allNodes: "all_target_nodes_ldi_le_15_mm",
  newLesions: "new_lesions",
  newNode: "new_node_longest_diameter_cm",
  ppd: "any_single_lesion_meets_ppd_progression",
  spleen: "spleen_progression",
  marrow: "marrow_new_involvement",
} as const;

export const LUGANO_CT_SCALE = defineScale({
  id: "lugano-ct",
  title: "Lugano 2014 CT-based response",
  citation: "Cheson BD et al. J Clin Oncol 2014;32:3059 (clinical-reference.md §B.4)",
  fields: [
    {
      name: F.spdBaseline,
      type: "number",
      unit: "mm²",
      range: { min: 0, max: 250_000, exclusiveMin: true },
      presence: "required",
      neededWhen: "for PR vs SD (not for CR or PD)",
      description: "Sum of the products of the diameters of up to 6 target lesions at baseline",
    },
    {
      name: F.spdCurrent,
      type: "number",
      unit: "mm²",
      range: { min: 0, max: 250_000 },
      presence: "required",
      neededWhen: "for PR vs SD (not for CR or PD)",
      description: "SPD now (a lesion too small to measure counts 5 × 5 mm, one no longer visible 0 × 0)",
    },
    {
      name: F.allNodes,
      type: "boolean",
      unit: null,
      presence: "defaults_false",
      description: "Every target node has regressed to LDi ≤ 15 mm (the CR node criterion)",
    },
    {
      name: F.newLesions,
      type: "boolean",
      unit: null,
      presence: "defaults_false",
      description: "New lesions attributable to lymphoma",
    },
    {
      name: F.newNode,
      type: "number",
      unit: "cm",
      range: { min: 0, max: 50 },
      presence: "required",
      neededWhen: `when ${F.newLesions} is true (> 1.5 cm in any axis is progression)`,
      description: "Longest diameter of the largest new node",
    },
    {
      name: F.ppd,
      type: "boolean",
      unit: null,
      presence: "defaults_false",
      description: "A single lesion meets the PPD progression rule (see the lugano-lesion scale)",
    },
    {
      name: F.spleen,
      type: "boolean",
      unit: null,
      presence: "defaults_false",
      description: "Splenic progression (> 50 % of prior enlargement, or ≥ 2 cm without prior splenomegaly)",
    },
    {
      name: F.marrow,
      type: "boolean",
      unit: null,
      presence: "defaults_false",
      description: "New or recurrent marrow involvement",
    },
  ],
  outputs: [
    {
      name: "spd_change_percent",
      type: "number",
      unit: "%",
      description: "SPD change from baseline (negative = decrease)",
    },
    {
      name: "lugano_ct_response",
      type: "code",
      unit: null,
      allowed: ["CR", "PR", "SD", "PD"],
      description: "CT-based response",
    },
  ],
  rules: [
    {
      fields: [F.newNode, F.newLesions],
      rule: "contradiction",
      text: `${F.newNode} describes a new lesion, so ${F.newLesions} must be true`,
      offending: (v) =>
        typeof v[F.newNode] === "number" && (v[F.newLesions] === false || v[F.newLesions] === undefined)
          ? F.newNode
          : null,
    },
  ],
  conventions: [
    "PR: SPD decrease ≥ 50 % (inclusive); an SPD increase alone is not progression — the single-lesion PPD rule is",
    "a new node ≤ 1.5 cm is not progression but excludes CR",
  ],
  names: {
    spdBaselineMm2: F.spdBaseline,
    spdCurrentMm2: F.spdCurrent,
    allTargetNodesLdiLe15Mm: F.allNodes,
    newLesions: F.newLesions,
    newNodeLongestDiameterCm: F.newNode,
    anySingleLesionMeetsPpdProgression: F.ppd,
    spleenProgression: F.spleen,
    marrowNewInvolvement: F.marrow,
  },
  compute(input) {
    const result = luganoCt({
      spdBaselineMm2: read<number>(input, F.spdBaseline),
      spdCurrentMm2: read<number>(input, F.spdCurrent),
      allTargetNodesLdiLe15Mm: read<boolean>(input, F.allNodes),
      newLesions: read<boolean>(input, F.newLesions),
      newNodeLongestDiameterCm: read<number>(input, F.newNode),
      anySingleLesionMeetsPpdProgression: read<boolean>(input, F.ppd),
      spleenProgression: read<boolean>(input, F.spleen),
      marrowNewInvolvement: read<boolean>(input, F.marrow),
    });
    return {
      outputs: { spd_change_percent: result.spdChangePercent, lugano_ct_response: result.value },
      reason: result.reason,
    };
  },
});
