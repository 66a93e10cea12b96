/** What the web page says of a BI projection's last reconcile (its JSON report). */
export function reconcileSummary(report: string | null | undefined): string {
  if (!report) return 'Not reconciled yet.';
  try {
    const parsed = JSON.parse(report) as { at?: string; repaired?: number; tables?: Record<string, { source: number }> };
    const rows = Object.values(parsed.tables ?? {}).reduce((sum, table) => sum + (table.source ?? 0), 0);
    const repaired = parsed.repaired ?? 0;
    return `${rows} ${rows === 1 ? 'row' : 'rows'} compared with Rampart; ${repaired === 0 ? 'nothing to change' : `${repaired} written or removed`}.`;
  } catch {
    return 'Reconciled.';
  }
}

/** The networks typed into the form: one per line or separated by commas. */
export function networksOf(text: string): string[] {
  return text.split(/[\s,]+/).map((n) => n.trim()).filter((n) => n.length > 0);
}

/** How long ago, in words a person reads at a glance. */
export function ago(millis: number | null | undefined): string {
  if (millis === null || millis === undefined) return 'nothing waiting';
  if (millis < 1000) return 'under a second';
  const seconds = Math.round(millis / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}
