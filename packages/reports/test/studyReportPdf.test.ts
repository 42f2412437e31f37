import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { NOT_COMPUTED, studyReportDocument, studyReportPdf } from "../src/index.js";
import { olderValidationResult, studyInput } from "./fixtures.js";
import { pdfPageCount, pdfTextLines } from "./pdfContent.js";

describe("studyReportPdf", () => {
  it("rejects a generatedAt that is not a timestamp", async () => {
    await expect(studyReportPdf(studyInput({ generatedAt: "yesterday" }))).rejects.toThrow(/ISO-8601/);
  });

  it("is a PDF with numbered pages, the report's text, and the same bytes twice", async () => {
    const input = studyInput();
    const [a, b] = [
      await studyReportPdf(input, { compress: false }),
      await studyReportPdf(input, { compress: false }),
    ];
    expect(Buffer.from(a.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const pages = pdfPageCount(a);
    expect(pages).toBeGreaterThanOrEqual(6);
    const lines = pdfTextLines(a);
    const text = lines.join("\n");
    for (let i = 1; i <= pages; i++) expect(text).toContain(`page ${i} of ${pages}`);
    expect(lines.filter((l) => l === "SYNTHETIC DATA - not real patients")).toHaveLength(pages);
    const sections = studyReportDocument(input).sections;
    sections.forEach((s, i) => {
      expect(text, s.heading).toContain(`${i + 1}. ${s.heading.replace("→", "->")}`);
    });
    expect(text).toContain("0.76 (95% CI 0.73–0.80)");
    expect(text).toContain("CARTA-2L <demo> & registry");
    // The charts are drawn from the same SVG: their axis titles are in the page content.
    expect(text).toContain("Predicted probability");
    expect(text).toContain("Threshold probability");
    expect(Buffer.from(a).toString("latin1")).toContain("(D:20250303080000Z)");
  });

  it("compresses by default and then holds the same text", async () => {
    const pdf = await studyReportPdf(studyInput());
    const raw = Buffer.from(pdf).toString("latin1");
    expect(raw).toContain("/FlateDecode");
    expect(pdfTextLines(pdf).join("\n")).toContain("TRIPOD+AI checklist");
    // inflateSync is what pdfTextLines uses; check one stream directly so the helper is not the only witness.
    const start = raw.indexOf("stream\n") + "stream\n".length;
    const inflated = inflateSync(Buffer.from(raw.slice(start, raw.indexOf("endstream", start)), "latin1"));
    expect(inflated.length).toBeGreaterThan(0);
  });

  it("renders an older run without failing", async () => {
    const older = studyInput({
      transport: null,
      validation: { id: "run-old", createdAt: "2024-11-20T10:00:00.000Z", result: olderValidationResult() },
    });
    const pdf = await studyReportPdf(older, { compress: false });
    expect(pdfTextLines(pdf).join("\n")).toContain(`Calibration plot: ${NOT_COMPUTED}`);
  });
});
