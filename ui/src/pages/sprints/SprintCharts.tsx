import { burndownPaths, scaleTop, type BurndownDay } from './charts';

const CHART = { width: 420, height: 200, pad: 28 };

/** Remaining points per day against the ideal line, with the same figures as a table for screen readers. */
export function BurndownChart({ committed, days }: { committed: number; days: ReadonlyArray<BurndownDay & { readonly scope: number | null | undefined }> }) {
  const { ideal, actual, top } = burndownPaths(committed, days, CHART);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${CHART.width} ${CHART.height}`} role="img" aria-labelledby="burndown-caption">
        <line x1={CHART.pad} y1={CHART.height - CHART.pad} x2={CHART.width - CHART.pad} y2={CHART.height - CHART.pad} className="axis" />
        <line x1={CHART.pad} y1={CHART.pad} x2={CHART.pad} y2={CHART.height - CHART.pad} className="axis" />
        <text x={4} y={CHART.pad + 4} className="tick">{top}</text>
        <text x={4} y={CHART.height - CHART.pad + 4} className="tick">0</text>
        <path d={ideal} className="ideal" />
        {actual && <path d={actual} className="actual" />}
      </svg>
      <figcaption id="burndown-caption">Burndown: {committed} points committed; the dashed line is the ideal.</figcaption>
      <details>
        <summary>Figures</summary>
        <table className="figures">
          <thead><tr><th scope="col">Day</th><th scope="col">Remaining</th><th scope="col">Scope</th><th scope="col">Ideal</th></tr></thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date}><td>{d.date}</td><td>{d.remaining ?? '–'}</td><td>{d.scope ?? '–'}</td><td>{d.ideal}</td></tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** Points committed and completed per closed sprint, as bars. */
export function VelocityChart({ sprints, average }: { sprints: ReadonlyArray<{ readonly sprint: { readonly id: string; readonly name: string }; readonly committed: number; readonly completed: number }>; average: number }) {
  if (sprints.length === 0) return <p className="muted">No closed sprints yet: velocity shows once one closes.</p>;
  const top = scaleTop(sprints.flatMap((s) => [s.committed, s.completed]));
  const band = (CHART.width - 2 * CHART.pad) / sprints.length;
  const h = (v: number) => (v * (CHART.height - 2 * CHART.pad)) / top;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${CHART.width} ${CHART.height}`} role="img" aria-labelledby="velocity-caption">
        <line x1={CHART.pad} y1={CHART.height - CHART.pad} x2={CHART.width - CHART.pad} y2={CHART.height - CHART.pad} className="axis" />
        {sprints.map((s, i) => {
          const x = CHART.pad + i * band;
          return (
            <g key={s.sprint.id}>
              <rect x={x + band * 0.1} width={band * 0.35} y={CHART.height - CHART.pad - h(s.committed)} height={h(s.committed)} className="committed" />
              <rect x={x + band * 0.5} width={band * 0.35} y={CHART.height - CHART.pad - h(s.completed)} height={h(s.completed)} className="completed" />
              <text x={x + band / 2} y={CHART.height - 8} className="tick" textAnchor="middle">{s.sprint.name}</text>
            </g>
          );
        })}
      </svg>
      <figcaption id="velocity-caption">Velocity: {average} points completed per sprint on average (light: committed, dark: completed).</figcaption>
    </figure>
  );
}
