import { describe, expect, it } from 'vitest';
import { outcome, webhookState, type Delivery } from './webhooks';

const base: Delivery = {
  id: 'd', messageId: 'msg_d', eventType: 'task.created', state: 'pending', attempts: 0,
  createdAt: '2026-11-30T10:00:00Z', lastAttemptAt: null, nextAttemptAt: '2026-11-30T10:00:00Z',
  lastStatus: null, lastError: null, lastDurationMillis: null,
};

describe('webhook delivery outcomes', () => {
  it('says what became of each delivery', () => {
    expect(outcome(base)).toBe('Waiting to be sent');
    expect(outcome({ ...base, attempts: 2, lastStatus: 503, lastError: 'the receiver answered 503', nextAttemptAt: '2026-11-30T10:05:00Z' }))
      .toBe('Retrying (2 attempts so far: the receiver answered 503), next at 2026-11-30 10:05:00 UTC');
    expect(outcome({ ...base, state: 'delivered', attempts: 1, lastStatus: 200, lastDurationMillis: 42 })).toBe('Delivered, HTTP 200, 42 ms');
    expect(outcome({ ...base, state: 'failed', attempts: 8, lastError: 'connection refused' })).toBe('Given up after 8 attempts: connection refused');
    expect(outcome({ ...base, state: 'withheld' })).toContain('can no longer see the task');
    expect(outcome({ ...base, state: 'cancelled' })).toContain('turned off');
  });

  it('says whether a webhook is on, failing or off and why', () => {
    expect(webhookState({ enabled: true, disabledReason: null, failingSince: null })).toBe('On');
    expect(webhookState({ enabled: true, disabledReason: null, failingSince: '2026-11-30T09:00:00Z' })).toBe('On, failing since 2026-11-30 09:00:00 UTC');
    expect(webhookState({ enabled: false, disabledReason: 'failing', failingSince: '2026-11-29T09:00:00Z' })).toContain('a day of failed deliveries');
    expect(webhookState({ enabled: false, disabledReason: null, failingSince: null })).toBe('Off');
  });
});
