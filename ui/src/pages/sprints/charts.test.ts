import { describe, expect, it } from 'vitest';
import { burndownPaths, scaleTop } from './charts';

const chart = { width: 120, height: 120, pad: 10 };

describe('burndownPaths', () => {
  it('draws the ideal line over every day and the actual one only over days passed', () => {
    const paths = burndownPaths(10, [
      { date: '2026-11-02', remaining: 10, ideal: 5 },
      { date: '2026-11-03', remaining: null, ideal: 0 },
    ], chart);
    expect(paths.top).toBe(10);
    expect(paths.ideal).toBe('M10.0,10.0 L60.0,60.0 L110.0,110.0');
    expect(paths.actual).toBe('M10.0,10.0 L60.0,10.0');
  });

  it('scales to what it shows and never to nothing', () => {
    expect(scaleTop([])).toBe(1);
    expect(scaleTop([3, null, 13, undefined])).toBe(13);
    expect(burndownPaths(0, [], chart).actual).toBe('');
  });
});
