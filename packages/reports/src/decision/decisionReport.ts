import { A4, FONT, openPdf, type PdfOptions } from "../pdf/pdfDocument.js";
import { decisionPoint } from "../study/studyWording.js";
import { fixed, percent, plainValue, timestamp, withCi } from "../text/format.js";
import { pdfText } from "../text/pdfText.js";
import type { DecisionPrediction, DecisionReportInput } from "./decisionReportInput.js";

/**
 * The one-page tumour-board report for one patient (DESIGN.md "Interfaces": per-patient
 * decision-support report). Per model: the event, the probability, how uncertain it is (bootstrap
 * interval, conformal set), where it comes from (model version, validation), why (the five largest
 * contributions), what is missing and what it could change, and any what-if values used. The page is
 * laid out by measuring first: when the content is long the type gets smaller and lists shorter, so
 * the report is always exactly one A4 page.
 */

const M = 36;
const WIDTH = A4.width - 2 * M;
const BOTTOM = A4.height - M;
const PAD = 7;
const LEFT_WIDTH = 178;
const GUTTER = 12;
const RIGHT_WIDTH = WIDTH - LEFT_WIDTH - GUTTER - 2 * PAD;
const INK = "#1d232b";
const GREY = "#5b6470";
const ACCENT = "#0b6bb0";
const WARN = "#c35a00";

export const DECISION_DISCLAIMER = "Not a substitute for clinical judgement. Research use only.";

interface Density {
  body: number;
  missing: number;
  whatIf: number;
  probability: number;
  gap: number;
}

/** The reasons shown per model at every density: the five largest contributions the prediction carries. */
const TOP_REASONS = 5;

/** From roomy to compact; the first that fits the page is used. Lists shorten, the reasons never do. */
const DENSITIES: readonly Density[] = [
  { body: 8, missing: 4, whatIf: 6, probability: 24, gap: 10 },
  { body: 7.5, missing: 3, whatIf: 4, probability: 20, gap: 7 },
  { body: 7, missing: 2, whatIf: 3, probability: 18, gap: 5 },
  { body: 6.5, missing: 1, whatIf: 2, probability: 16, gap: 4 },
  { body: 6, missing: 1, whatIf: 1, probability: 14, gap: 3 },
];

interface Line {
  text: string;
  font: string;
  size: number;
  color: string;
  /** Space after the line. */
  after: number;
  /** Drawn with a bullet, indented. */
  bullet?: boolean;
}

type Doc = PDFKit.PDFDocument;

function heightOf(doc: Doc, lines: readonly Line[], width: number): number {
  let h = 0;
  for (const l of lines) {
    doc.font(l.font).fontSize(l.size);
    h += doc.heightOfString(l.text, { width: l.bullet ? width - 8 : width }) + l.after;
  }
  return h;
}

function drawLines(doc: Doc, lines: readonly Line[], x: number, y: number, width: number): void {
  let cy = y;
  for (const l of lines) {
    doc.font(l.font).fontSize(l.size).fillColor(l.color);
    if (l.bullet) {
      doc.text("\u2022", x, cy, { lineBreak: false });
      doc.text(l.text, x + 8, cy, { width: width - 8 });
    } else {
      doc.text(l.text, x, cy, { width });
    }
    cy = doc.y + l.after;
  }
}

const line = (text: string, font: string, size: number, color: string, after = 0, bullet = false): Line => ({
  text: pdfText(text),
  font,
  size,
  color,
  after,
  bullet,
});

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function cellText(value: unknown, unit: string | null | undefined): string {
  if (value === null || value === undefined) return "missing";
  const text = plainValue(value);
  return typeof value === "number" && unit ? `${text} ${unit}` : text;
}

/** The horizon of a time-to-event model's risk, in months; null for a binary model. */
function horizonOf(p: DecisionPrediction): number | null {
  return p.model.horizon_months ?? null;
}

function monthsText(horizon: number): string {
  return `${horizon} month${horizon === 1 ? "" : "s"}`;
}

/**
 * A competing-risks model (relapse_vs_nrm, cause-specific Cox models of both causes): its probability
 * is the cumulative incidence of the named cause with the other competing, and its SHAP values are on
 * the cause's own log hazard whatever margin_scale an older prediction carries.
 */
function isCompeting(p: DecisionPrediction): boolean {
  return p.model.kind === "cause-specific-cox" || p.model.endpoint === "relapse_vs_nrm";
}

function conformalText(p: DecisionPrediction): string {
  const coverage = percent(1 - p.conformal.alpha);
  const set = [...p.conformal_set].sort();
  // A time-to-event model's set is for the status at its horizon.
  const horizon = horizonOf(p);
  const by = horizon === null ? "" : ` by ${monthsText(horizon)}`;
  const what =
    set.length === 2
      ? "both outcomes (the model cannot tell at this coverage)"
      : set.length === 0
        ? "empty (both outcomes atypical for this patient)"
        : set[0] === 1
          ? `the event${by}`
          : isCompeting(p)
            ? `not the event${by} (event-free, or the competing event first)`
            : `no event${by}`;
  return `${coverage} conformal set: ${what}${p.conformal.note ? " (see note below)" : ""}`;
}

function validationText(p: DecisionPrediction): string {
  const v = p.model.validation;
  if (!v) return "Not validated: no validation run for this model version.";
  const slope =
    v.calibration_slope === null
      ? "calibration slope not estimable"
      : `calibration slope ${fixed(v.calibration_slope)}`;
  const horizon = v.horizon_months ?? horizonOf(p);
  if (isCompeting(p) && horizon !== null) return competingValidationText(v, horizon);
  // A time-to-event model leads with Harrell's C; its AUC is the time-dependent AUC at the horizon.
  const discrimination =
    horizon === null
      ? `AUC ${withCi(v.auc, v.auc_lower, v.auc_upper)}`
      : `C-index ${v.c_index ? withCi(v.c_index.estimate, v.c_index.lower, v.c_index.upper) : "n/a"}, time-dependent AUC at ${monthsText(horizon)} ${withCi(v.auc, v.auc_lower, v.auc_upper)}`;
  return `Validation (nested CV, ${timestamp(v.created_at).slice(0, 10)}): ${discrimination}, ${slope}.`;
}

/**
 * A competing-risks model's validation: Wolbers' C (truncated at the horizon) and the cause's
 * time-dependent AUC there lead; no calibration slope exists for a cumulative-incidence model, so
 * calibration-in-the-large, log(observed Aalen–Johansen / mean predicted incidence), is given.
 */
function competingValidationText(
  v: NonNullable<DecisionPrediction["model"]["validation"]>,
  horizon: number,
): string {
  const wolbers =
    v.wolbers_c === null || v.wolbers_c === undefined ? [] : [`Wolbers' C ${fixed(v.wolbers_c)}`];
  const parts = [
    ...wolbers,
    `time-dependent AUC at ${monthsText(horizon)} ${withCi(v.auc, v.auc_lower, v.auc_upper)}`,
    `calibration-in-the-large log(O/E) ${fixed(v.calibration_intercept)} (Aalen–Johansen)`,
  ];
  return `Validation (nested CV, ${timestamp(v.created_at).slice(0, 10)}): ${parts.join(", ")}.`;
}

/** The scale the SHAP values are on, as the reasons' fallback and heading name it. */
function marginScale(p: DecisionPrediction): string {
  if (isCompeting(p)) return "cause-specific log hazard";
  return p.model.margin_scale ?? "log-odds";
}

function labelOf(p: DecisionPrediction, feature: string): { label: string; unit: string | null } {
  const s = p.shap.find((a) => a.feature === feature);
  return { label: s?.label ?? feature, unit: s?.unit ?? null };
}

/** The reasons the prediction carries; for a prediction stored before them, its largest SHAP values. */
function reasonTexts(p: DecisionPrediction, count: number): string[] {
  if (p.reasons) return p.reasons.slice(0, count).map((r) => r.text);
  return [...p.shap]
    .sort((a, b) => Math.abs(b.shap) - Math.abs(a.shap))
    .slice(0, count)
    .map((a) => {
      const { label, unit } = labelOf(p, a.feature);
      return `${label} ${cellText(a.value, unit)} ${a.shap >= 0 ? "raised" : "lowered"} the ${marginScale(p)} by ${fixed(Math.abs(a.shap))} (SHAP)`;
    });
}

function truncated(items: string[], max: number): string[] {
  return items.length <= max ? items : [...items.slice(0, max), `and ${items.length - max} more`];
}

/** For a time-to-event model, what the percentage is: the risk by the horizon from the Cox model. */
function riskLine(p: DecisionPrediction, d: Density): Line[] {
  const horizon = horizonOf(p);
  if (horizon === null) return [];
  if (isCompeting(p))
    return [
      line(
        `Cumulative incidence by ${monthsText(horizon)} from the landmark, the competing event accounted for (cause-specific Cox models of both causes)`,
        FONT.regular,
        d.body,
        INK,
        1,
      ),
    ];
  return [
    line(
      `Risk by ${monthsText(horizon)} from the landmark (Cox model: linear predictor and Breslow baseline)`,
      FONT.regular,
      d.body,
      INK,
      1,
    ),
  ];
}

function leftColumn(p: DecisionPrediction, d: Density): Line[] {
  const i = p.interval;
  const lines = [
    line(capitalised(p.model.event), FONT.bold, d.body + 1, INK, 2),
    line(percent(p.probability), FONT.bold, d.probability, ACCENT, 1),
    ...riskLine(p, d),
    line(
      `${percent(i.level)} bootstrap interval ${percent(i.lower)}–${percent(i.upper)} (${i.replicates_used} refits)`,
      FONT.regular,
      d.body,
      INK,
      1,
    ),
    line(conformalText(p), FONT.regular, d.body, INK, 3),
    line(
      `Model ${p.model.name} v${p.model.version} (${p.model.kind}), at ${decisionPoint(p.model.landmark)}`,
      FONT.regular,
      d.body - 0.5,
      GREY,
      1,
    ),
    line(validationText(p), FONT.regular, d.body - 0.5, p.model.validation ? GREY : WARN, 0),
  ];
  if (!p.training_data.same_as_model) {
    lines.push(
      line(
        "The training data have changed since this version was fitted.",
        FONT.italic,
        d.body - 0.5,
        WARN,
        0,
      ),
    );
  }
  return lines;
}

function rightColumn(p: DecisionPrediction, d: Density): Line[] {
  const heading = (text: string) => line(text, FONT.bold, d.body, INK, 1.5);
  const item = (text: string) => line(text, FONT.regular, d.body, INK, 1, true);
  const lines: Line[] = [
    heading(p.reasons ? "Main reasons" : `Largest contributions (SHAP, ${marginScale(p)})`),
  ];
  lines.push(...reasonTexts(p, TOP_REASONS).map(item));
  if (isCompeting(p)) {
    lines.push(
      line(
        "SHAP values are on this cause's own hazard; the competing cause's hazard is held at the patient's own, and it moves the incidence too.",
        FONT.italic,
        d.body - 0.5,
        GREY,
        1,
      ),
    );
  }
  const missing = [...p.missing_inputs].sort(
    (a, b) => b.max_probability - b.min_probability - (a.max_probability - a.min_probability),
  );
  if (missing.length > 0) {
    lines[lines.length - 1]!.after += 3;
    lines.push(heading("Missing inputs that could move the estimate (lowest–highest probability)"));
    const texts = missing.map((m) => {
      const label = m.label ?? labelOf(p, m.feature).label;
      return m.note
        ? `${label}: cannot move it (${m.note.split(":")[0]})`
        : `${label}: ${percent(m.min_probability)}–${percent(m.max_probability)}`;
    });
    lines.push(...truncated(texts, d.missing).map(item));
  }
  const whatIf = p.what_if ?? [];
  if (whatIf.length > 0) {
    lines[lines.length - 1]!.after += 3;
    lines.push(heading("What-if: values used instead of the recorded ones"));
    const texts = whatIf.map((w) => {
      const { label, unit } = labelOf(p, w.feature);
      return `${label}: recorded ${cellText(w.recorded, unit)}, used ${cellText(w.used, unit)}`;
    });
    lines.push(...truncated(texts, d.whatIf).map(item));
  }
  return lines;
}

interface Layout {
  density: Density;
  header: Line[];
  banner: Line[] | null;
  blocks: { left: Line[]; right: Line[]; height: number }[];
  tail: Line[];
  footer: Line[];
}

/** Lines of the "no prediction shown" list at most; a longer list ends with "and k more". */
const TAIL_LINES = 6;

function intendedUse(predictions: readonly DecisionPrediction[]): string {
  const uses = predictions.map(
    (p) =>
      p.model.intended_use ??
      `estimate of the probability of ${p.model.event} at ${decisionPoint(p.model.landmark)}`,
  );
  const distinct = [...new Set(uses)];
  if (distinct.length === 0) return "Intended use: no model prediction is shown for this patient.";
  if (distinct.length === 1) return `Intended use: ${distinct[0]}`;
  return `Intended use: ${predictions.map((p, i) => `${p.model.name}: ${uses[i]}`).join("; ")}`;
}

/** Each distinct conformal caveat once, naming the models it applies to. */
function conformalNotes(predictions: readonly DecisionPrediction[]): string[] {
  const byNote = new Map<string, string[]>();
  for (const p of predictions) {
    if (!p.conformal.note) continue;
    byNote.set(p.conformal.note, [...(byNote.get(p.conformal.note) ?? []), p.model.name]);
  }
  return [...byNote].map(([note, models]) => `Note on the conformal set (${models.join(", ")}): ${note}.`);
}

/** The page with the first `shown` predictions as blocks; the rest, and the models without one, named below. */
function layout(doc: Doc, input: DecisionReportInput, d: Density, shown: number): Layout {
  const predictions = input.predictions.slice(0, shown);
  const header = [
    line("Tumour-board decision support", FONT.bold, 15, INK, 3),
    line(
      `Patient ${input.patientId} · cohort ${input.cohort} · generated ${timestamp(input.generatedAt)}`,
      FONT.regular,
      9,
      GREY,
      0,
    ),
  ];
  const banner = input.patientId.startsWith("SYN-")
    ? [
        line(
          "SYNTHETIC PATIENT: simulated by carta's synthetic cohort generator, not a real person. The predictions demonstrate the software.",
          FONT.bold,
          8.5,
          "#5c2b00",
        ),
      ]
    : null;
  const footer = [
    line(intendedUse(predictions), FONT.regular, d.body - 0.5, GREY, 2),
    line(
      "Probabilities are for the event each block names. The bootstrap interval shows how much the estimate depends on the training sample, not a range for the patient's outcome; the conformal set lists the outcomes compatible with the patient at its coverage.",
      FONT.regular,
      d.body - 0.5,
      GREY,
      2,
    ),
    ...conformalNotes(predictions).map((n) => line(n, FONT.regular, d.body - 0.5, GREY, 2)),
    line(DECISION_DISCLAIMER, FONT.bold, d.body + 0.5, INK, 0),
  ];
  const blocks = predictions.map((p) => {
    const left = leftColumn(p, d);
    const right = rightColumn(p, d);
    const height = Math.max(heightOf(doc, left, LEFT_WIDTH), heightOf(doc, right, RIGHT_WIDTH)) + 2 * PAD;
    return { left, right, height };
  });
  const missing = [
    ...(input.unavailable ?? []).map((u) => `${u.model}: ${u.error}`),
    ...input.predictions
      .slice(shown)
      .map((p) => `${p.model.name}: did not fit on one page; see the patient page`),
  ];
  const tail =
    missing.length === 0
      ? []
      : [
          line("No prediction shown", FONT.bold, d.body, INK, 1.5),
          ...truncated(missing, TAIL_LINES).map((t) => line(t, FONT.regular, d.body, INK, 1, true)),
        ];
  return { density: d, header, banner, blocks, tail, footer };
}

function totalHeight(doc: Doc, l: Layout): number {
  return (
    heightOf(doc, l.header, WIDTH) +
    10 +
    (l.banner ? heightOf(doc, l.banner, WIDTH - 16) + 12 + 8 : 0) +
    l.blocks.reduce((s, b) => s + b.height + l.density.gap, 0) +
    heightOf(doc, l.tail, WIDTH) +
    heightOf(doc, l.footer, WIDTH) +
    10
  );
}

/**
 * The roomiest density at which every prediction fits; failing that, on the most compact one, as many
 * blocks as fit, the others named (a page without any block always fits: header, a bounded list, footer).
 */
function chooseLayout(doc: Doc, input: DecisionReportInput): Layout {
  const room = BOTTOM - M;
  const all = input.predictions.length;
  for (const d of DENSITIES) {
    const l = layout(doc, input, d, all);
    if (totalHeight(doc, l) <= room) return l;
  }
  const compact = DENSITIES[DENSITIES.length - 1]!;
  for (let shown = all - 1; shown > 0; shown--) {
    const l = layout(doc, input, compact, shown);
    if (totalHeight(doc, l) <= room) return l;
  }
  return layout(doc, input, compact, 0);
}

export async function decisionReportPdf(
  input: DecisionReportInput,
  options: PdfOptions = {},
): Promise<Uint8Array> {
  const { doc, finish } = openPdf(
    {
      title: `Decision-support report ${input.patientId}`,
      subject: "Tumour-board decision support",
      createdAt: input.generatedAt,
    },
    // The layout below never reaches the bottom margin, so pdfkit never adds a page by itself.
    { ...options, margins: { top: M, bottom: 0, left: M, right: M }, bufferPages: false },
  );
  const l = chooseLayout(doc, input);
  drawLines(doc, l.header, M, M, WIDTH);
  let y = doc.y + 10;
  if (l.banner) {
    const h = heightOf(doc, l.banner, WIDTH - 16) + 12;
    doc.save().lineWidth(1.5).rect(M, y, WIDTH, h).fillAndStroke("#fff3cd", WARN).restore();
    drawLines(doc, l.banner, M + 8, y + 6, WIDTH - 16);
    y += h + 8;
  }
  for (const b of l.blocks) {
    doc.save().lineWidth(0.75).roundedRect(M, y, WIDTH, b.height, 4).stroke("#c9cfd6").restore();
    drawLines(doc, b.left, M + PAD, y + PAD, LEFT_WIDTH);
    drawLines(doc, b.right, M + PAD + LEFT_WIDTH + GUTTER, y + PAD, RIGHT_WIDTH);
    y += b.height + l.density.gap;
  }
  if (l.tail.length > 0) {
    drawLines(doc, l.tail, M, y, WIDTH);
  }
  const footerHeight = heightOf(doc, l.footer, WIDTH);
  const footerY = BOTTOM - footerHeight;
  doc
    .save()
    .lineWidth(0.5)
    .moveTo(M, footerY - 5)
    .lineTo(M + WIDTH, footerY - 5)
    .stroke("#c9cfd6")
    .restore();
  drawLines(doc, l.footer, M, footerY, WIDTH);
  return finish();
}
