/**
 * Text for pdfkit's built-in Helvetica. The standard 14 fonts are WinAnsi-encoded (PDF 32000-1 Annex D):
 * Latin-1 plus a few typographic characters (en dash, bullet, curly quotes…). A character outside that
 * set would print as a wrong glyph, so the study's symbols are spelt out ("≥" → ">=") and anything else
 * is reduced to its base letter or "?".
 */

/** Code points above Latin-1 that WinAnsi has (pdfkit's WIN_ANSI_MAP). */
const WIN_ANSI_EXTRA = new Set([
  402, 710, 732, 338, 339, 352, 353, 376, 381, 382, 8211, 8212, 8216, 8217, 8218, 8220, 8221, 8222, 8224,
  8225, 8226, 8230, 8240, 8249, 8250, 8364, 8482,
]);

const SPELT_OUT: Readonly<Record<string, string>> = {
  "≥": ">=",
  "≤": "<=",
  "≠": "!=",
  "≈": "~",
  "→": "->",
  "←": "<-",
  "↔": "<->",
  "−": "-",
  "‑": "-",
  "∞": "inf",
  α: "alpha",
  β: "beta",
  λ: "lambda",
  τ: "tau",
  σ: "sigma",
  χ: "chi",
  Δ: "delta",
  "′": "'",
  "″": '"',
  "\u2009": " ",
  "\u202f": " ",
  "\u200b": "",
};

function encodable(codePoint: number): boolean {
  return (
    (codePoint >= 0x20 && codePoint < 0x7f) ||
    (codePoint >= 0xa0 && codePoint <= 0xff) ||
    WIN_ANSI_EXTRA.has(codePoint)
  );
}

export function pdfText(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === "\n" || encodable(code)) {
      out += ch;
      continue;
    }
    const spelt = SPELT_OUT[ch];
    if (spelt !== undefined) {
      out += spelt;
      continue;
    }
    const base = ch.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    out += [...base].every((c) => encodable(c.codePointAt(0)!)) && base.length > 0 ? base : "?";
  }
  return out;
}
