import { describe, expect, it } from 'vitest';
import { ago, networksOf, reconcileSummary } from './bi';

describe('BI access page helpers', () => {
  it('summarises a reconcile report', () => {
    expect(reconcileSummary(null)).toBe('Not reconciled yet.');
    expect(reconcileSummary('{"repaired":0,"tables":{"tasks":{"source":3},"projects":{"source":1}}}'))
      .toBe('4 rows compared with Rampart; nothing to change.');
    expect(reconcileSummary('{"repaired":2,"tables":{"tasks":{"source":1}}}')).toBe('1 row compared with Rampart; 2 written or removed.');
    expect(reconcileSummary('not json')).toBe('Reconciled.');
  });

  it('reads networks one per line or comma-separated', () => {
    expect(networksOf('203.0.113.0/24\n 198.51.100.7, 2001:db8::/32 ')).toEqual(['203.0.113.0/24', '198.51.100.7', '2001:db8::/32']);
    expect(networksOf('  ')).toEqual([]);
  });

  it('says how long changes have waited', () => {
    expect(ago(null)).toBe('nothing waiting');
    expect(ago(300)).toBe('under a second');
    expect(ago(4200)).toBe('4 s');
    expect(ago(600_000)).toBe('10 min');
  });
});
