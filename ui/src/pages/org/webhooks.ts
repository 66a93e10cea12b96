/** What the webhook settings page says about webhooks and their deliveries. */

export const WEBHOOK_EVENTS = [
  { name: 'task.created', label: 'A task is created' },
  { name: 'task.updated', label: 'A task is changed' },
  { name: 'task.deleted', label: 'A task is deleted' },
  { name: 'comment.created', label: 'A comment is added' },
] as const;

export type Delivery = {
  id: string;
  messageId: string;
  eventType: string;
  state: 'pending' | 'delivered' | 'failed' | 'withheld' | 'cancelled';
  attempts: number;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  lastDurationMillis: number | null;
};

/** One line on what became of a delivery, for the log's Outcome column. */
export function outcome(delivery: Delivery): string {
  const tries = delivery.attempts === 1 ? '1 attempt' : `${delivery.attempts} attempts`;
  const answer = delivery.lastStatus !== null ? `HTTP ${delivery.lastStatus}` : null;
  const took = delivery.lastDurationMillis !== null ? `${delivery.lastDurationMillis} ms` : null;
  switch (delivery.state) {
    case 'delivered':
      return ['Delivered', answer, took].filter(Boolean).join(', ');
    case 'pending':
      return delivery.attempts === 0
        ? 'Waiting to be sent'
        : `Retrying (${tries} so far${delivery.lastError ? `: ${delivery.lastError}` : ''})${delivery.nextAttemptAt ? `, next at ${time(delivery.nextAttemptAt)}` : ''}`;
    case 'failed':
      return `Given up after ${tries}${delivery.lastError ? `: ${delivery.lastError}` : ''}`;
    case 'withheld':
      return 'Not sent: the webhook’s creator can no longer see the task';
    case 'cancelled':
      return 'Not sent: the webhook was turned off';
  }
}

/** State of a webhook for its list. */
export function webhookState(hook: { enabled: boolean; disabledReason: string | null | undefined; failingSince: string | null | undefined }): string {
  if (!hook.enabled) {
    return hook.disabledReason === 'failing' ? 'Off: turned off after a day of failed deliveries' : 'Off';
  }
  return hook.failingSince ? `On, failing since ${time(hook.failingSince)}` : 'On';
}

export function time(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ') + ' UTC';
}
