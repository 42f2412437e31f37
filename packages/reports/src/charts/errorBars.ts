/**
 * Whiskers drawn by an ECharts custom series: ECharts has no error-bar series, and a custom series is
 * still plain SVG paths, which svg-to-pdfkit places in the PDF unchanged.
 */

interface RenderApi {
  value(dimension: number): number;
  coord(point: [number, number]): [number, number];
}

const CAP = 4;

/** Vertical whiskers: data rows are [x, lower, upper]. */
export function verticalWhiskers(name: string, color: string, data: [number, number, number][]) {
  return {
    type: "custom",
    name,
    data,
    encode: { x: 0, y: [1, 2] },
    itemStyle: { color },
    renderItem: (_params: unknown, api: RenderApi) => {
      const x = api.value(0);
      const [px, lo] = api.coord([x, api.value(1)]);
      const [, hi] = api.coord([x, api.value(2)]);
      const style = { stroke: color, lineWidth: 1 };
      return {
        type: "group",
        children: [
          { type: "line", shape: { x1: px, y1: lo, x2: px, y2: hi }, style },
          { type: "line", shape: { x1: px - CAP, y1: lo, x2: px + CAP, y2: lo }, style },
          { type: "line", shape: { x1: px - CAP, y1: hi, x2: px + CAP, y2: hi }, style },
        ],
      };
    },
    z: 1,
  };
}

/** Horizontal whiskers on a category y axis: data rows are [lower, upper, category index]. */
export function horizontalWhiskers(
  name: string,
  color: string,
  data: [number, number, number][],
  dashed = false,
) {
  return {
    type: "custom",
    name,
    data,
    encode: { x: [0, 1], y: 2 },
    itemStyle: { color },
    renderItem: (_params: unknown, api: RenderApi) => {
      const y = api.value(2);
      const [lo, py] = api.coord([api.value(0), y]);
      const [hi] = api.coord([api.value(1), y]);
      const style = { stroke: color, lineWidth: dashed ? 1 : 1.5, lineDash: dashed ? [4, 3] : null };
      return {
        type: "group",
        children: [
          { type: "line", shape: { x1: lo, y1: py, x2: hi, y2: py }, style },
          { type: "line", shape: { x1: lo, y1: py - CAP, x2: lo, y2: py + CAP }, style },
          { type: "line", shape: { x1: hi, y1: py - CAP, x2: hi, y2: py + CAP }, style },
        ],
      };
    },
  };
}

/** A meta-analysis diamond: data rows are [estimate, lower, upper, category index]. */
export function diamonds(name: string, color: string, data: [number, number, number, number][]) {
  return {
    type: "custom",
    name,
    data,
    encode: { x: [0, 1, 2], y: 3 },
    itemStyle: { color },
    renderItem: (_params: unknown, api: RenderApi) => {
      const y = api.value(3);
      const [est, py] = api.coord([api.value(0), y]);
      const [lo] = api.coord([api.value(1), y]);
      const [hi] = api.coord([api.value(2), y]);
      const h = 6;
      return {
        type: "polygon",
        shape: {
          points: [
            [lo, py],
            [est, py - h],
            [hi, py],
            [est, py + h],
          ],
        },
        style: { fill: color, stroke: color },
      };
    },
  };
}
