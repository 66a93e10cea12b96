import { describe, expect, it, vi } from 'vitest';
import { announceNotificationsChanged, describeAge, NOTIFICATIONS_CHANGED } from './notificationsChanged';

describe('notification ages', () => {
  const now = new Date('2026-11-30T12:00:00Z');
  it('words recent and older times', () => {
    expect(describeAge('2026-11-30T11:59:30Z', now)).toBe('just now');
    expect(describeAge('2026-11-30T11:45:00Z', now)).toBe('15 min ago');
    expect(describeAge('2026-11-30T09:00:00Z', now)).toBe('3 h ago');
    expect(describeAge('2026-11-29T10:00:00Z', now)).toBe('yesterday');
    expect(describeAge('2026-11-25T12:00:00Z', now)).toBe('5 days ago');
  });
  it('never says a time in the future is ahead', () => {
    expect(describeAge('2026-11-30T12:05:00Z', now)).toBe('just now');
  });
});

describe('the change announcement', () => {
  it('reaches a listener', () => {
    const listener = vi.fn();
    window.addEventListener(NOTIFICATIONS_CHANGED, listener);
    announceNotificationsChanged();
    window.removeEventListener(NOTIFICATIONS_CHANGED, listener);
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
