import PDFDocument from "pdfkit";
import SVGtoPDF from "svg-to-pdfkit";
import type { SvgChart } from "../charts/svgChart.js";

export interface PdfOptions {
  /**
   * Deflate the content streams (default true). Tests pass false to read the text in the bytes;
   * either way the same input gives the same bytes.
   */
  compress?: boolean;
}

export interface PdfInfo {
  title: string;
  subject: string;
  /** ISO-8601: the creation date written into the PDF, taken from the input and never from the clock. */
  createdAt: string;
}

/** A4 in PDF points. */
export const A4 = { width: 595.28, height: 841.89 };

export const FONT = { regular: "Helvetica", bold: "Helvetica-Bold", italic: "Helvetica-Oblique" } as const;

export interface OpenPdf {
  doc: PDFKit.PDFDocument;
  /** Ends the document and resolves with its bytes. */
  finish(): Promise<Uint8Array>;
}

/** The input's timestamp as the PDF's creation date; refused when it is not one. */
export function pdfCreationDate(iso: string): Date {
  const date = new Date(iso);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(date.getTime())) {
    throw new RangeError(`generatedAt must be an ISO-8601 timestamp, got ${JSON.stringify(iso)}`);
  }
  return date;
}

/**
 * A pdfkit document whose bytes depend on the input only: pdfkit derives the file /ID from the info
 * dictionary, so a fixed CreationDate (and Producer/Creator) makes the output reproducible.
 */
export function openPdf(
  info: PdfInfo,
  options: PdfOptions & {
    margins: { top: number; bottom: number; left: number; right: number };
    bufferPages: boolean;
  },
): OpenPdf {
  const creationDate = pdfCreationDate(info.createdAt);
  const doc = new PDFDocument({
    size: "A4",
    margins: options.margins,
    bufferPages: options.bufferPages,
    compress: options.compress ?? true,
    info: {
      Title: info.title,
      Subject: info.subject,
      Creator: "carta",
      Producer: "carta @carta/reports (pdfkit)",
      CreationDate: creationDate,
    },
  });
  const chunks: Uint8Array[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on("data", (chunk: Uint8Array) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.font(FONT.regular);
  return {
    doc,
    finish() {
      doc.end();
      return done.then((bytes) => new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    },
  };
}

/** Places an ECharts SVG at (x, y), scaled to `width` points; returns the height used. */
export function placeSvg(
  doc: PDFKit.PDFDocument,
  chart: SvgChart,
  x: number,
  y: number,
  width: number,
): number {
  const height = (chart.height * width) / chart.width;
  SVGtoPDF(doc, chart.svg, x, y, {
    width,
    height,
    warningCallback: (warning) => {
      throw new Error(`chart ${chart.id} could not be drawn in the PDF: ${warning}`);
    },
  });
  return height;
}
