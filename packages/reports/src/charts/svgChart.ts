import type { EChartsOption } from "echarts";
import { CustomChart, LineChart, ScatterChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

// The web UI's chart library, rendered on the server: ECharts' SSR mode draws to an SVG string with no DOM,
// so the HTML report embeds exactly what the PDF places.
echarts.use([
  CustomChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  SVGRenderer,
]);

export interface SvgChart {
  /** Stable within a report; prefixes the SVG's ids and classes. */
  id: string;
  svg: string;
  width: number;
  height: number;
}

/** Sans-serif so svg-to-pdfkit maps it to Helvetica, the PDF's only font. */
export const CHART_FONT = "Helvetica, Arial, sans-serif";
export const CHART_TEXT_COLOR = "#3d4450";
export const CHART_GRID_COLOR = "#e3e6ea";
/** Okabe & Ito ("Color Universal Design", 2008): told apart under the common colour-vision deficiencies. */
export const CHART_COLORS = {
  blue: "#0b6bb0",
  orange: "#c35a00",
  green: "#009e73",
  grey: "#8a94a3",
  black: "#222222",
};

export function renderSvgChart(
  option: EChartsOption,
  size: { id: string; width: number; height: number },
): SvgChart {
  const chart = echarts.init(null, null, {
    renderer: "svg",
    ssr: true,
    width: size.width,
    height: size.height,
  });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: CHART_FONT, color: CHART_TEXT_COLOR },
      ...option,
    });
    const svg = stableNames(chart.renderToSVGString(), size.id);
    return { id: size.id, svg, width: size.width, height: size.height };
  } finally {
    chart.dispose();
  }
}

/**
 * ECharts numbers its instances ("zr0-", "zr1-", …) and its CSS classes ("cls-0", "cls-1", …)
 * process-wide. Renaming them by order of appearance under the chart's own id keeps a report
 * byte-identical between calls, and its charts' classes apart inside one HTML page.
 */
function stableNames(svg: string, id: string): string {
  const renamed = new Map<string, string>();
  const counters = new Map<string, number>();
  return svg.replace(/\bzr\d+-([a-z]+-?)(\d+)\b/g, (token, kind: string) => {
    let name = renamed.get(token);
    if (name === undefined) {
      const n = counters.get(kind) ?? 0;
      counters.set(kind, n + 1);
      name = `${id}-${kind}${n}`;
      renamed.set(token, name);
    }
    return name;
  });
}

/** The axis style every report chart shares. */
export function valueAxis(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: "value",
    name,
    nameLocation: "middle",
    nameGap: 28,
    nameTextStyle: { color: CHART_TEXT_COLOR, fontSize: 11 },
    axisLabel: { color: CHART_TEXT_COLOR, fontSize: 10 },
    axisLine: { show: true, lineStyle: { color: CHART_GRID_COLOR } },
    splitLine: { lineStyle: { color: CHART_GRID_COLOR } },
    ...extra,
  };
}
