import type { VariableDef } from "../dictionary/types.js";

/**
 * The modalities explanations are grouped by (DESIGN.md "Models and explanations": clinical, ctDNA, blood
 * immune cells, CAR-T product, transcriptome). Each assay has its own dictionary form; every other form
 * is clinical.
 */
export type Modality = "clinical" | "ctdna" | "flow_blood" | "flow_product" | "transcriptome";

export const MODALITIES: readonly Modality[] = [
  "clinical",
  "ctdna",
  "flow_blood",
  "flow_product",
  "transcriptome",
];

const ASSAY_MODALITY: Readonly<Record<string, Modality>> = {
  ctdna: "ctdna",
  flow_blood: "flow_blood",
  flow_product: "flow_product",
  transcriptome: "transcriptome",
};

export function modalityOf(variable: VariableDef): Modality {
  return ASSAY_MODALITY[variable.form] ?? "clinical";
}

/**
 * The forms a modality stands for when a spec asks for it whole. "clinical" is the patient, disease,
 * bridging, product, laboratory and response forms; the daily toxicity signs (inputs of the CRS/ICANS
 * grades, 25 variables a day) and the other forms are asked for by form or variable name. Enrolment and
 * event dates, the toxicity summaries and the derived scores never come in through a modality: dates are
 * not features, the summaries are outcomes, the scores are asked for as derived.
 */
export const MODALITY_FORMS: Readonly<Record<Modality, readonly string[]>> = {
  clinical: ["baseline", "bridging", "product", "labs", "response"],
  ctdna: ["ctdna"],
  flow_blood: ["flow_blood"],
  flow_product: ["flow_product"],
  transcriptome: ["transcriptome"],
};

export function isModality(value: string): value is Modality {
  return (MODALITIES as readonly string[]).includes(value);
}
