/** A time-series chart (uPlot): x in epoch seconds, one line per series, sized to its container. */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  /** A CSS color (the theme's variables are resolved before drawing). */
  color: string;
  dash?: number[];
  values: (number | null)[];
}

export interface TimeChartProps {
  /** Screen-reader summary of what the chart shows. */
  title: string;
  times: number[];
  series: Series[];
  format?: (v: number) => string;
  height?: number;
  /** Draw steps (a weight holds until the next change), not slopes. */
  stepped?: boolean;
}

export function TimeChart({ title, times, series, format, height = 180, stepped }: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = series.map((s) => s.label).join('|');

  useEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const css = getComputedStyle(document.documentElement);
    const ink = css.getPropertyValue('--muted').trim() || '#9aa4b2';
    const grid = css.getPropertyValue('--grid').trim() || '#2a3140';
    const axis = {
      stroke: ink,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1 },
    };
    const paths = stepped ? uPlot.paths.stepped?.({ align: 1 }) : undefined;
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 240),
      height,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      axes: [
        axis,
        { ...axis, size: 72, values: (_u, ticks) => ticks.map((t) => (format ? format(t) : String(t))) },
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          dash: s.dash,
          spanGaps: true,
          ...(paths ? { paths } : {}),
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : format ? format(v) : String(v)),
        })),
      ],
    };
    const chart = new uPlot(options, [times, ...series.map((s) => s.values)] as uPlot.AlignedData, element);
    plot.current = chart;
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: Math.max(element.clientWidth, 240), height }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // The chart is rebuilt only when its series change; new points go through setData below.
  }, [shape, height, stepped]);

  useEffect(() => {
    plot.current?.setData([times, ...series.map((s) => s.values)] as uPlot.AlignedData);
  }, [times, series]);

  return <div class="chart" ref={box} role="img" aria-label={title} />;
}
