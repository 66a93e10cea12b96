/** One day of a burndown as the API gives it. */
export interface BurndownDay {
  readonly date: string;
  readonly remaining: number | null | undefined;
  readonly ideal: number;
}

export interface Chart {
  readonly width: number;
  readonly height: number;
  readonly pad: number;
}

/** The largest value a chart must show (at least 1, so an empty chart still has a scale). */
export function scaleTop(values: ReadonlyArray<number | null | undefined>): number {
  return Math.max(1, ...values.filter((v): v is number => v != null));
}

/**
 * The burndown's two lines as SVG path data: the ideal one over every day, the actual one over
 * the days that have passed (from the committed points at the start to each day's end).
 */
export function burndownPaths(committed: number, days: ReadonlyArray<BurndownDay>, chart: Chart):
  { ideal: string; actual: string; top: number } {
  const top = scaleTop([committed, ...days.map((d) => d.remaining), ...days.map((d) => d.ideal)]);
  const x = (i: number) => chart.pad + (i * (chart.width - 2 * chart.pad)) / Math.max(days.length, 1);
  const y = (v: number) => chart.height - chart.pad - (v * (chart.height - 2 * chart.pad)) / top;
  const point = (i: number, v: number) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`;
  const ideal = [`M${point(0, committed)}`, ...days.map((d, i) => `L${point(i + 1, d.ideal)}`)].join(' ');
  const passed = days.filter((d) => d.remaining != null);
  const actual = passed.length === 0 ? ''
    : [`M${point(0, committed)}`, ...passed.map((d, i) => `L${point(i + 1, d.remaining ?? 0)}`)].join(' ');
  return { ideal, actual, top };
}
