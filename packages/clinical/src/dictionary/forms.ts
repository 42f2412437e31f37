import type { FormDef } from "./types.js";

export const FORMS: readonly FormDef[] = [
  { id: "enrolment", label: "Enrolment and dates" },
  { id: "baseline", label: "Patient and disease at baseline" },
  { id: "bridging", label: "Bridging therapy" },
  { id: "product", label: "Product and procedure" },
  { id: "labs", label: "Laboratory values" },
  { id: "ctdna", label: "Plasma ctDNA" },
  { id: "flow_blood", label: "Peripheral blood flow cytometry" },
  { id: "flow_product", label: "CAR-T product (residual bag) flow cytometry" },
  { id: "transcriptome", label: "Transcriptomic signature scores" },
  { id: "daily_toxicity", label: "Daily toxicity grades (day 0–30)" },
  { id: "toxicity", label: "Toxicity summary" },
  { id: "response", label: "Response assessment (Lugano 2014)" },
  { id: "events", label: "Events and follow-up" },
  { id: "derived", label: "Derived scores" },
];
