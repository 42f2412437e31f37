import { escapeHtml } from "../text/escapeHtml.js";
import { timestamp } from "../text/format.js";
import type { ReportBlock, ReportDocument, ReportSection } from "./reportDocument.js";

/**
 * One self-contained HTML page: inline CSS, charts as inline SVG, no script and nothing fetched, so
 * it can be archived, mailed or printed as it is. Every text from data goes through escapeHtml; the
 * SVG comes from ECharts' renderer, which escapes the text it draws.
 */

const STYLE = `
body{font-family:Helvetica,Arial,sans-serif;color:#1d232b;max-width:58rem;margin:2rem auto;padding:0 1rem;line-height:1.45;font-size:15px}
h1{font-size:1.6rem;margin-bottom:.5rem}h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #d5d9de;padding-bottom:.2rem}
.tripod{font-size:.75rem;font-weight:normal;color:#5b6470;margin-left:.5rem}
.banner{background:#fff3cd;border:2px solid #c35a00;color:#5c2b00;padding:.6rem .9rem;font-weight:bold;margin:1rem 0}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.85rem}th,td{border-bottom:1px solid #e3e6ea;padding:.25rem .6rem;text-align:left;vertical-align:top}
th{background:#f1f3f5}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;font-weight:bold;padding:.3rem 0}
table.meta td:first-child{color:#5b6470;white-space:nowrap}.note{color:#5b6470;font-style:italic}
figure{margin:1rem 0}figcaption{font-size:.85rem;color:#3d4450;max-width:40rem}footer{margin-top:3rem;font-size:.8rem;color:#5b6470}
@media print{body{margin:0}h2{break-after:avoid}figure,table{break-inside:avoid}}
`;

function block(b: ReportBlock): string {
  switch (b.kind) {
    case "paragraph":
      return `<p>${escapeHtml(b.text)}</p>`;
    case "note":
      return `<p class="note">${escapeHtml(b.text)}</p>`;
    case "list":
      return `<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`;
    case "table": {
      const cls = (align: string | undefined) => (align === "right" ? ' class="num"' : "");
      const head = b.columns.map((c) => `<th${cls(c.align)}>${escapeHtml(c.label)}</th>`).join("");
      const rows = b.rows
        .map(
          (r) =>
            `<tr>${r.map((cell, j) => `<td${cls(b.columns[j]?.align)}>${escapeHtml(cell)}</td>`).join("")}</tr>`,
        )
        .join("\n");
      const caption = b.caption === null ? "" : `<caption>${escapeHtml(b.caption)}</caption>`;
      // Columns without labels (a key–value list) get no header row.
      const thead = b.columns.some((c) => c.label !== "") ? `<thead><tr>${head}</tr></thead>` : "";
      return `<table>${caption}${thead}<tbody>\n${rows}\n</tbody></table>`;
    }
    case "chart":
      return `<figure id="${escapeHtml(b.chart.id)}">${b.chart.svg}<figcaption>${escapeHtml(b.caption)}</figcaption></figure>`;
  }
}

function section(s: ReportSection, number: number): string {
  const items = s.tripod.length
    ? `<span class="tripod">TRIPOD+AI ${escapeHtml(s.tripod.join(", "))}</span>`
    : "";
  return `<section id="${escapeHtml(s.id)}">\n<h2>${number}. ${escapeHtml(s.heading)}${items}</h2>\n${s.blocks.map(block).join("\n")}\n</section>`;
}

export function renderHtml(doc: ReportDocument): string {
  const meta = doc.meta
    .map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`)
    .join("\n");
  const banner = doc.banner === null ? "" : `<div class="banner" role="note">${escapeHtml(doc.banner)}</div>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="carta @carta/reports">
<title>${escapeHtml(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(doc.title)}</h1>
${banner}
<table class="meta">${meta}</table>
</header>
<main>
${doc.sections.map((s, i) => section(s, i + 1)).join("\n")}
</main>
<footer>${escapeHtml(doc.footer)} · generated ${escapeHtml(timestamp(doc.generatedAt))}</footer>
</body>
</html>
`;
}
