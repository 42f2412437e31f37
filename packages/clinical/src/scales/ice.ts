import { checkIntegerIn, contradiction, isMissing, type MaybeBoolean, type MaybeNumber } from "./inputs.js";

/**
 * Immune effector Cell-associated Encephalopathy (ICE) score, 0–10.
 * Source: Lee DW et al. Biol Blood Marrow Transplant 2019;25:625 (clinical-reference.md §B.2).
 * Orientation to year, month, city and hospital (4); naming three objects (3); following simple
 * commands (1); writing a standard sentence (1); counting backwards from 100 by 10 (1).
 *
 * A patient who is unarousable cannot be assessed: the items are null (not assessable) and the score is
 * 0. An awake patient with global aphasia scores 0 as well (ICANS then grades it 3, not 4). An item that
 * is null for an awake patient leaves the score unknown.
 */

export interface IceItems {
  orientationPoints?: MaybeNumber;
  namingPoints?: MaybeNumber;
  followsCommandsPoints?: MaybeNumber;
  writingPoints?: MaybeNumber;
  attentionPoints?: MaybeNumber;
}

export interface IceInput extends IceItems {
  /** Unarousable and unable to perform the ICE assessment (absent: false; null: not assessed). */
  patientUnarousable?: MaybeBoolean;
  /** Awake with global aphasia (absent: false; null: not assessed). */
  globalAphasiaWhileAwake?: MaybeBoolean;
}

export type IceMode = "scored" | "unarousable" | "global_aphasia";

export interface IceResult {
  /** ICE score 0–10; null when an item of an awake patient is not assessable. */
  value: number | null;
  mode: IceMode | null;
  /** Lowest and highest scores the assessed items allow (equal when the score is known). */
  possible: [number, number];
  /** Items that were not assessed although the patient was awake. */
  missingItems: (keyof IceItems)[];
  reason: string;
}

export const ICE_ITEMS: readonly { key: keyof IceItems; max: number; label: string }[] = [
  { key: "orientationPoints", max: 4, label: "orientation" },
  { key: "namingPoints", max: 3, label: "naming" },
  { key: "followsCommandsPoints", max: 1, label: "following commands" },
  { key: "writingPoints", max: 1, label: "writing" },
  { key: "attentionPoints", max: 1, label: "attention" },
];

/** ICANS grade of the ICE domain for an arousable patient: 10 → 0, 7–9 → 1, 3–6 → 2, 0–2 → 3. */
export function iceDomainGrade(ice: number): number {
  if (ice >= 10) return 0;
  if (ice >= 7) return 1;
  if (ice >= 3) return 2;
  return 3;
}

export function checkIceInput(input: IceInput): void {
  for (const item of ICE_ITEMS) checkIntegerIn(item.key, input[item.key], 0, item.max);
  const scored = ICE_ITEMS.filter((item) => !isMissing(input[item.key]));
  if (input.patientUnarousable === true) {
    if (scored.length > 0) {
      throw contradiction(
        scored[0]!.key,
        "is scored although the patient is unarousable (items must be null)",
      );
    }
    if (input.globalAphasiaWhileAwake === true) {
      throw contradiction("globalAphasiaWhileAwake", "the patient cannot be awake and unarousable");
    }
  }
  if (input.globalAphasiaWhileAwake === true) {
    const positive = scored.find((item) => input[item.key]! > 0);
    if (positive) {
      throw contradiction(positive.key, "scores points although the patient has global aphasia");
    }
  }
}

export function iceScore(input: IceInput): IceResult {
  checkIceInput(input);
  if (input.patientUnarousable === true) {
    return {
      value: 0,
      mode: "unarousable",
      possible: [0, 0],
      missingItems: [],
      reason: "ICE 0: unarousable, unable to perform ICE",
    };
  }
  if (input.globalAphasiaWhileAwake === true) {
    return {
      value: 0,
      mode: "global_aphasia",
      possible: [0, 0],
      missingItems: [],
      reason: "ICE 0: global aphasia while awake",
    };
  }
  const missingItems = ICE_ITEMS.filter((item) => isMissing(input[item.key])).map((item) => item.key);
  const sum = ICE_ITEMS.reduce((total, item) => total + (input[item.key] ?? 0), 0);
  const unknownMax = ICE_ITEMS.filter((item) => isMissing(input[item.key])).reduce(
    (t, item) => t + item.max,
    0,
  );
  if (missingItems.length > 0) {
    return {
      value: null,
      mode: null,
      possible: [sum, sum + unknownMax],
      missingItems,
      reason: `ICE not computed: missing ${missingItems.join(", ")} (assessed items sum to ${sum})`,
    };
  }
  const parts = ICE_ITEMS.map((item) => `${item.label} ${input[item.key]}/${item.max}`).join(", ");
  return { value: sum, mode: "scored", possible: [sum, sum], missingItems, reason: `ICE ${sum}: ${parts}` };
}
