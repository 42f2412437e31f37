import type { SvgChart } from "../charts/svgChart.js";

/**
 * A report as structure, before any output format: sections of paragraphs, lists, tables and charts.
 * The study report builds one of these from the stored run; renderHtml and renderPdf each draw it, so
 * the HTML and the PDF say the same thing with the same numbers.
 */

export interface TableColumn {
  label: string;
  /** Numbers right-aligned; text left. */
  align?: "left" | "right";
}

export type ReportBlock =
  | { kind: "paragraph"; text: string }
  /** A statement that something is absent or not applicable: set apart so a reader sees the gap. */
  | { kind: "note"; text: string }
  | { kind: "list"; items: string[] }
  | { kind: "table"; caption: string | null; columns: TableColumn[]; rows: string[][] }
  | { kind: "chart"; caption: string; chart: SvgChart };

export interface ReportSection {
  /** Anchor in the HTML; the checklist links to it. */
  id: string;
  heading: string;
  /** TRIPOD+AI items this section reports. */
  tripod: string[];
  blocks: ReportBlock[];
}

export interface ReportDocument {
  title: string;
  /** Key facts under the title: model, runs, hashes, dates. */
  meta: [string, string][];
  /** Shown on top of the first page and on every PDF page (synthetic data). */
  banner: string | null;
  sections: ReportSection[];
  /** Running footer of each PDF page. */
  footer: string;
  /** ISO-8601 creation time. */
  generatedAt: string;
}

export const paragraph = (text: string): ReportBlock => ({ kind: "paragraph", text });
export const note = (text: string): ReportBlock => ({ kind: "note", text });
export const list = (items: string[]): ReportBlock => ({ kind: "list", items });

export function table(
  columns: (string | TableColumn)[],
  rows: string[][],
  caption: string | null = null,
): ReportBlock {
  return {
    kind: "table",
    caption,
    columns: columns.map((c) => (typeof c === "string" ? { label: c } : c)),
    rows,
  };
}

export const right = (label: string): TableColumn => ({ label, align: "right" });
