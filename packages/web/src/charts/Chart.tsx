import type { EChartsOption } from "echarts";
import { useEffect, useRef } from "react";
import { echarts } from "./echarts.js";

export interface ChartProps {
  option: EChartsOption;
  height: number;
  /** What the chart shows, for screen readers (the SVG itself is not described). */
  ariaLabel: string;
  testId?: string;
  className?: string;
}

/** ECharts in React: one instance per mount, options replaced (not merged) when they change. */
export function Chart({ option, height, ariaLabel, testId, className }: ChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (container === null) return;
    const chart = echarts.init(container, null, { renderer: "svg" });
    chartRef.current = chart;
    // Observing the container rather than only the window also catches a new height or a grid re-flow.
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(container);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={containerRef}
      className={className === undefined ? "chart" : `chart ${className}`}
      style={{ height }}
      role="img"
      aria-label={ariaLabel}
      data-testid={testId}
    />
  );
}
