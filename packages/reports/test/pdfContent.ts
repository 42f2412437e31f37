import { inflateSync } from "node:zlib";

/**
 * What a pdfkit PDF shows, read back from its bytes for the tests: the pages' count and the text of
 * their content streams. Text in the standard fonts is written as hex strings of WinAnsi codes;
 * compressed streams are inflated first.
 */

const WIN_ANSI_HIGH: Record<number, string> = {
  128: "€",
  133: "…",
  145: "‘",
  146: "’",
  147: "“",
  148: "”",
  149: "•",
  150: "–",
  151: "—",
};

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("latin1");
}

/** The decoded content of every stream, inflating FlateDecode ones. */
function streams(pdf: Uint8Array): string[] {
  const text = latin1(pdf);
  const out: string[] = [];
  const re = /<<([\s\S]*?)>>\s*stream\r?\n/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf("endstream", start);
    const raw = Buffer.from(text.slice(start, end), "latin1");
    out.push(m[1]!.includes("/FlateDecode") ? latin1(inflateSync(raw)) : raw.toString("latin1"));
    re.lastIndex = end;
  }
  return out;
}

function decodeHex(hex: string): string {
  let s = "";
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const code = Number.parseInt(hex.slice(i, i + 2), 16);
    s += WIN_ANSI_HIGH[code] ?? String.fromCharCode(code);
  }
  return s;
}

/**
 * One line per text object (BT … ET), in drawing order: pdfkit writes a line of text as one TJ array,
 * svg-to-pdfkit (the charts) one Tj per glyph; both are joined within their text object.
 */
export function pdfTextLines(pdf: Uint8Array): string[] {
  const lines: string[] = [];
  for (const s of streams(pdf)) {
    for (const block of s.matchAll(/\bBT\b([\s\S]*?)\bET\b/g)) {
      const shown = [...block[1]!.matchAll(/(\[[^\]]*\]\s*TJ|<[0-9a-fA-F]*>\s*Tj)/g)].map((m) => m[1]!);
      if (shown.length === 0) continue;
      lines.push(
        shown
          .map((op) => [...op.matchAll(/<([0-9a-fA-F]*)>/g)].map((p) => decodeHex(p[1]!)).join(""))
          .join(""),
      );
    }
  }
  return lines;
}

export function pdfPageCount(pdf: Uint8Array): number {
  return (latin1(pdf).match(/\/Type \/Page(?![s\w])/g) ?? []).length;
}

/** The lines as running text: pdfkit breaks lines at spaces and after dashes, so that is how they are joined. */
export function pdfRunningText(pdf: Uint8Array): string {
  return pdfTextLines(pdf).reduce((text, line) => {
    const l = line.trim();
    if (text === "") return l;
    return /[–-]$/.test(text) ? text + l : `${text} ${l}`;
  }, "");
}
