import { A4, FONT, openPdf, type PdfOptions, placeSvg } from "../pdf/pdfDocument.js";
import { pdfText } from "../text/pdfText.js";
import type { ReportBlock, ReportDocument, TableColumn } from "./reportDocument.js";

/**
 * Draws a ReportDocument on A4 pages with pdfkit's built-in Helvetica: the same sections, tables and
 * charts (the very SVG the HTML embeds, placed by svg-to-pdfkit) as renderHtml. Pages break between
 * table rows (the header is repeated) and before a chart that does not fit; every page carries the
 * running footer with "page i of n", and the synthetic-data banner when there is one.
 */

const MARGIN = { top: 56, bottom: 62, left: 50, right: 50 };
const CONTENT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
const MAX_Y = A4.height - MARGIN.bottom;
const BODY = 9;
const SMALL = 7.5;
const CELL_PAD = 4;
const GREY = "#5b6470";
const INK = "#1d232b";
const BANNER_FILL = "#fff3cd";
const BANNER_STROKE = "#c35a00";

type Doc = PDFKit.PDFDocument;

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > MAX_Y) {
    doc.addPage();
    doc.y = MARGIN.top;
  }
  doc.x = MARGIN.left;
}

function textBlock(doc: Doc, text: string, font: string, size: number, color: string, indent = 0): void {
  const t = pdfText(text);
  doc.font(font).fontSize(size).fillColor(color);
  const options = { width: CONTENT_WIDTH - indent, lineGap: 1.5 };
  // Keep at least two lines together at a page end; pdfkit flows longer text onto the next page itself.
  ensureSpace(doc, Math.min(doc.heightOfString(t, options), 2 * (size + 3)));
  doc.text(t, MARGIN.left + indent, doc.y, options);
  doc.x = MARGIN.left;
}

function banner(doc: Doc, text: string): void {
  const t = pdfText(text);
  doc.font(FONT.bold).fontSize(BODY);
  const h = doc.heightOfString(t, { width: CONTENT_WIDTH - 16 }) + 12;
  ensureSpace(doc, h);
  const y = doc.y;
  doc
    .save()
    .lineWidth(1.5)
    .rect(MARGIN.left, y, CONTENT_WIDTH, h)
    .fillAndStroke(BANNER_FILL, BANNER_STROKE)
    .restore();
  doc.fillColor("#5c2b00").text(t, MARGIN.left + 8, y + 6, { width: CONTENT_WIDTH - 16 });
  doc.x = MARGIN.left;
  doc.y = y + h + 8;
}

/** Column widths: natural widths when they fit; otherwise each column keeps its longest word and the rest is shared. */
function columnWidths(doc: Doc, columns: TableColumn[], rows: string[][], size: number): number[] {
  const natural: number[] = [];
  const minimum: number[] = [];
  columns.forEach((c, j) => {
    const cells = [c.label, ...rows.map((r) => r[j] ?? "")].map(pdfText);
    doc.font(FONT.bold).fontSize(size);
    let nat = doc.widthOfString(cells[0]!);
    let min = Math.max(...cells[0]!.split(/\s+/).map((w) => doc.widthOfString(w)));
    doc.font(FONT.regular).fontSize(size);
    for (const cell of cells.slice(1)) {
      nat = Math.max(nat, doc.widthOfString(cell));
      for (const w of cell.split(/\s+/)) min = Math.max(min, doc.widthOfString(w));
    }
    natural.push(nat + 2 * CELL_PAD + 1);
    minimum.push(Math.min(min, 120) + 2 * CELL_PAD + 1);
  });
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= CONTENT_WIDTH) return natural;
  const minTotal = minimum.reduce((a, b) => a + b, 0);
  if (minTotal >= CONTENT_WIDTH) return minimum.map((m) => (m * CONTENT_WIDTH) / minTotal);
  const slack = natural.map((n, j) => n - minimum[j]!);
  const slackTotal = slack.reduce((a, b) => a + b, 0);
  return minimum.map((m, j) => m + (slack[j]! * (CONTENT_WIDTH - minTotal)) / slackTotal);
}

function tableRow(
  doc: Doc,
  cells: string[],
  columns: TableColumn[],
  widths: number[],
  header: boolean,
  size: number,
): void {
  doc.font(header ? FONT.bold : FONT.regular).fontSize(size);
  const texts = cells.map(pdfText);
  const height =
    Math.max(...texts.map((t, j) => doc.heightOfString(t, { width: widths[j]! - 2 * CELL_PAD }))) +
    2 * CELL_PAD -
    1;
  const y = doc.y;
  const width = widths.reduce((a, b) => a + b, 0);
  if (header) doc.save().rect(MARGIN.left, y, width, height).fill("#f1f3f5").restore();
  doc.fillColor(INK);
  let x = MARGIN.left;
  texts.forEach((t, j) => {
    const w = widths[j]!;
    doc.text(t, x + CELL_PAD, y + CELL_PAD, {
      width: w - 2 * CELL_PAD,
      align: columns[j]?.align === "right" ? "right" : "left",
    });
    x += w;
  });
  doc
    .save()
    .lineWidth(0.5)
    .strokeColor("#d5d9de")
    .moveTo(MARGIN.left, y + height)
    .lineTo(MARGIN.left + width, y + height)
    .stroke()
    .restore();
  doc.x = MARGIN.left;
  doc.y = y + height;
}

function rowHeight(doc: Doc, cells: string[], widths: number[], size: number): number {
  doc.font(FONT.regular).fontSize(size);
  return (
    Math.max(...cells.map((t, j) => doc.heightOfString(pdfText(t), { width: widths[j]! - 2 * CELL_PAD }))) +
    2 * CELL_PAD
  );
}

function drawTable(doc: Doc, b: Extract<ReportBlock, { kind: "table" }>): void {
  const size = b.columns.length > 6 ? SMALL - 0.5 : SMALL;
  const widths = columnWidths(doc, b.columns, b.rows, size);
  const header = b.columns.map((c) => c.label);
  // A table whose columns have no labels (the key–value list under the title) has no header row.
  const showHeader = header.some((h) => h !== "");
  const first = b.rows[0] ?? [];
  ensureSpace(
    doc,
    (b.caption ? 14 : 0) +
      (showHeader ? rowHeight(doc, header, widths, size) : 0) +
      rowHeight(doc, first, widths, size),
  );
  if (b.caption) {
    doc
      .font(FONT.bold)
      .fontSize(BODY - 0.5)
      .fillColor(INK)
      .text(pdfText(b.caption), MARGIN.left, doc.y, { width: CONTENT_WIDTH });
    doc.y += 2;
  }
  if (showHeader) tableRow(doc, header, b.columns, widths, true, size);
  for (const row of b.rows) {
    if (doc.y + rowHeight(doc, row, widths, size) > MAX_Y) {
      doc.addPage();
      doc.y = MARGIN.top;
      if (showHeader) tableRow(doc, header, b.columns, widths, true, size);
    }
    tableRow(doc, row, b.columns, widths, false, size);
  }
  doc.y += 8;
}

function drawBlock(doc: Doc, b: ReportBlock): void {
  switch (b.kind) {
    case "paragraph":
      textBlock(doc, b.text, FONT.regular, BODY, INK);
      doc.y += 4;
      return;
    case "note":
      textBlock(doc, b.text, FONT.italic, BODY, GREY);
      doc.y += 4;
      return;
    case "list":
      for (const item of b.items) {
        const t = pdfText(item);
        doc.font(FONT.regular).fontSize(BODY);
        ensureSpace(doc, Math.min(doc.heightOfString(t, { width: CONTENT_WIDTH - 12 }), 24));
        const y = doc.y;
        doc.fillColor(INK).text("\u2022", MARGIN.left + 2, y);
        doc.text(t, MARGIN.left + 12, y, { width: CONTENT_WIDTH - 12, lineGap: 1.5 });
        doc.y += 2;
      }
      doc.x = MARGIN.left;
      doc.y += 4;
      return;
    case "table":
      drawTable(doc, b);
      return;
    case "chart": {
      const width = Math.min(CONTENT_WIDTH, b.chart.width * 0.8);
      const height = chartHeight(b.chart);
      doc.font(FONT.italic).fontSize(SMALL);
      const caption = pdfText(b.caption);
      ensureSpace(doc, height + doc.heightOfString(caption, { width: CONTENT_WIDTH }) + 8);
      const y = doc.y;
      placeSvg(doc, b.chart, MARGIN.left + (CONTENT_WIDTH - width) / 2, y, width);
      doc
        .font(FONT.italic)
        .fontSize(SMALL)
        .fillColor(GREY)
        .text(caption, MARGIN.left, y + height + 4, { width: CONTENT_WIDTH });
      doc.x = MARGIN.left;
      doc.y += 8;
      return;
    }
  }
}

/** The height a block needs on the page its heading is on: a chart whole, a table's header and first row, two lines of text. */
function leadHeight(b: ReportBlock): number {
  switch (b.kind) {
    case "chart":
      return chartHeight(b.chart) + 30;
    case "table":
      return 60;
    default:
      return 2 * (BODY + 3);
  }
}

function chartHeight(chart: { width: number; height: number }): number {
  return (chart.height * Math.min(CONTENT_WIDTH, chart.width * 0.8)) / chart.width;
}

function pageDecorations(doc: Doc, report: ReportDocument): void {
  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    // Writing into the margins must not trigger pdfkit's automatic page break.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(FONT.regular).fontSize(SMALL).fillColor(GREY);
    doc.text(pdfText(`${report.footer} · page ${i + 1} of ${pages.count}`), MARGIN.left, A4.height - 40, {
      width: CONTENT_WIDTH,
      align: "center",
      lineBreak: false,
    });
    if (report.banner !== null) {
      doc.font(FONT.bold).fontSize(SMALL).fillColor(BANNER_STROKE);
      doc.text("SYNTHETIC DATA - not real patients", MARGIN.left, 28, {
        width: CONTENT_WIDTH,
        align: "right",
        lineBreak: false,
      });
    }
    doc.page.margins.bottom = bottom;
  }
}

export async function renderPdf(report: ReportDocument, options: PdfOptions = {}): Promise<Uint8Array> {
  const { doc, finish } = openPdf(
    { title: report.title, subject: "TRIPOD+AI study report", createdAt: report.generatedAt },
    { ...options, margins: MARGIN, bufferPages: true },
  );
  doc.x = MARGIN.left;
  doc.y = MARGIN.top;
  textBlock(doc, report.title, FONT.bold, 15, INK);
  doc.y += 6;
  if (report.banner !== null) banner(doc, report.banner);
  drawTable(doc, {
    kind: "table",
    caption: null,
    columns: [{ label: "" }, { label: "" }],
    rows: report.meta,
  });
  report.sections.forEach((s, i) => {
    // A heading never ends a page: keep it with the start of what follows.
    ensureSpace(doc, 40 + (s.blocks[0] ? leadHeight(s.blocks[0]) : 0));
    doc.y += 6;
    const heading = pdfText(`${i + 1}. ${s.heading}`);
    doc
      .font(FONT.bold)
      .fontSize(12)
      .fillColor(INK)
      .text(heading, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
    if (s.tripod.length > 0) {
      doc
        .font(FONT.regular)
        .fontSize(SMALL)
        .fillColor(GREY)
        .text(`TRIPOD+AI ${s.tripod.join(", ")}`, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
    }
    doc.y += 5;
    for (const b of s.blocks) drawBlock(doc, b);
  });
  pageDecorations(doc, report);
  return finish();
}
