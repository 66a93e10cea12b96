import { useEffect, useState, type FormEvent } from 'react';
import { graphql, useLazyLoadQuery } from 'react-relay';
import { del, get, patch, post } from '../../api/http';
import type { WebhooksAdminQuery } from '../../__generated__/WebhooksAdminQuery.graphql';
import { Section } from '../../components/Section';
import { ShownOnce } from '../../components/ShownOnce';
import { ErrorMessage, Field, formValues, Select, useAction } from '../../components/forms';
import { useStepUp } from '../../components/StepUp';
import { outcome, time, WEBHOOK_EVENTS, webhookState, type Delivery } from './webhooks';

type Shown = { hookId: string; secret: string; rotated: boolean; previousUntil: string | null };

/**
 * The organization's webhooks (owners and admins): add one for the whole organization or one
 * project, see its signing secret once, send a test, turn it off and on, rotate its secret, read
 * its delivery log.
 */
export function WebhooksAdmin({ orgId, projectId }: { orgId: string; projectId?: string }) {
  const [fetchKey, setFetchKey] = useState(0);
  const refresh = () => setFetchKey((key) => key + 1);
  const data = useLazyLoadQuery<WebhooksAdminQuery>(graphql`
    query WebhooksAdminQuery($id: ID!, $projectId: ID) {
      organization(id: $id) {
        id
        projects { id name }
        webhooks(projectId: $projectId) { id url events enabled disabledReason failingSince projectId createdAt previousSecretValidUntil }
      }
    }
  `, { id: orgId, projectId: projectId ?? null }, { fetchPolicy: 'store-and-network', fetchKey });
  const { guarded, prompt } = useStepUp();
  const [shown, setShown] = useState<Shown | null>(null);
  const [logOf, setLogOf] = useState<string | null>(null);
  const [testSent, setTestSent] = useState<string | null>(null);
  const base = `/api/v1/orgs/${orgId}/webhooks`;
  const create = useAction(async (body: { url: string; events: string[]; projectId?: string }) =>
    guarded(() => post<{ id: string; secret: string }>(base, body)));
  const act = useAction(async (change: () => Promise<unknown>) => {
    setTestSent(null);
    await change();
    refresh();
  });
  if (!data.organization) {
    return <p role="alert" className="error">Only those who manage {projectId ? 'this project' : 'the organization'} manage its webhooks.</p>;
  }
  const projects = data.organization.projects;
  const hooks = data.organization.webhooks;
  const projectName = (id: string | null | undefined) => (id ? projects.find((p) => p.id === id)?.name ?? 'A project' : 'All projects');

  async function submit(event: FormEvent<HTMLFormElement>) {
    const form = event.currentTarget;
    const values = formValues(event);
    const events = [...new FormData(form).getAll('event')].map(String);
    const chosenProject = projectId ?? values.projectId;
    const made = await create.run({ url: values.url ?? '', events, ...(chosenProject ? { projectId: chosenProject } : {}) });
    if (made.ok) {
      form.reset();
      setShown({ hookId: made.value.id, secret: made.value.secret, rotated: false, previousUntil: null });
      refresh();
    }
  }

  return (
    <>
      <Section title="Webhooks">
        <p className="muted">
          Rampart posts events to each receiver, signed by the Standard Webhooks specification
          (headers <code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>).
          A delivery holds only what the webhook’s creator may see; failed ones are tried again for about a day.
        </p>
        {shown && <SecretOnce shown={shown} onDone={() => setShown(null)} />}
        {hooks.length === 0 && <p className="muted">No webhooks yet.</p>}
        {hooks.length > 0 && (
          <table>
            <caption className="visually-hidden">Webhooks of the organization</caption>
            <thead><tr><th scope="col">Receiver</th><th scope="col">Events</th><th scope="col">Projects</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead>
            <tbody>
              {hooks.map((hook) => (
                <tr key={hook.id}>
                  <td className="break">{hook.url}</td>
                  <td>{hook.events.join(', ')}</td>
                  <td>{projectName(hook.projectId)}</td>
                  <td><span>{webhookState(hook)}</span>{hook.previousSecretValidUntil && <><br /><span className="muted">Old secret signs until {time(hook.previousSecretValidUntil)}</span></>}</td>
                  <td>
                    <div className="actions">
                      <button type="button" className="secondary" aria-pressed={logOf === hook.id} onClick={() => setLogOf(logOf === hook.id ? null : hook.id)}>
                        Delivery log<span className="visually-hidden"> of {hook.url}</span>
                      </button>
                      <button type="button" className="secondary" disabled={act.busy} onClick={() => void act.run(async () => {
                        await post(`${base}/${hook.id}/test`);
                        setTestSent(hook.id);
                        setLogOf(hook.id);
                      })}>Send test<span className="visually-hidden"> to {hook.url}</span></button>
                      <button type="button" className="secondary" disabled={act.busy} onClick={() => void act.run(() => patch(`${base}/${hook.id}`, { enabled: !hook.enabled }))}>
                        {hook.enabled ? 'Turn off' : 'Turn on'}<span className="visually-hidden"> {hook.url}</span>
                      </button>
                      <button type="button" className="secondary" disabled={act.busy} onClick={() => void act.run(async () => {
                        const rotated = await guarded(() => post<{ secret: string; previousSecretValidUntil: string | null }>(`${base}/${hook.id}/rotate-secret`));
                        setShown({ hookId: hook.id, secret: rotated.secret, rotated: true, previousUntil: rotated.previousSecretValidUntil });
                      })}>Rotate secret<span className="visually-hidden"> of {hook.url}</span></button>
                      <button type="button" className="danger" disabled={act.busy} onClick={() => {
                        if (window.confirm(`Delete the webhook to ${hook.url} and its delivery log?`)) {
                          void act.run(async () => {
                            await del(`${base}/${hook.id}`);
                            if (logOf === hook.id) setLogOf(null);
                          });
                        }
                      }}>Delete<span className="visually-hidden"> the webhook to {hook.url}</span></button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {testSent && <p role="status" className="notice">A test event is on its way; its delivery shows in the log below.</p>}
        <ErrorMessage error={act.error} />
      </Section>
      <Section title="New webhook">
        <form onSubmit={(event) => void submit(event)} className="stack" aria-label="New webhook">
          <Field label="Receiver URL (https)" name="url" type="url" required maxLength={2048} placeholder="https://hooks.example.com/rampart"
            error={create.fieldError('url')} />
          <fieldset>
            <legend>Events</legend>
            {WEBHOOK_EVENTS.map((event) => (
              <label key={event.name} className="check">
                <input type="checkbox" name="event" value={event.name} defaultChecked={event.name !== 'task.deleted'} /> {event.label} <code>{event.name}</code>
              </label>
            ))}
            {create.fieldError('events') && <p className="error">{create.fieldError('events')}</p>}
          </fieldset>
          {!projectId && (
            <Select label="Projects" name="projectId" defaultValue="">
              <option value="">All projects</option>
              {projects.map((project) => <option key={project.id} value={project.id}>{project.name}</option>)}
            </Select>
          )}
          <button type="submit" disabled={create.busy}>Add webhook</button>
          <ErrorMessage error={create.fieldError('url') || create.fieldError('events') ? null : create.error} />
        </form>
      </Section>
      {logOf && <DeliveryLog key={`${logOf}-${fetchKey}`} path={`${base}/${logOf}/deliveries`} url={hooks.find((h) => h.id === logOf)?.url ?? ''} />}
      {prompt}
    </>
  );
}

/** The signing secret, shown once, with a button to copy it. */
function SecretOnce({ shown, onDone }: { shown: Shown; onDone: () => void }) {
  return (
    <ShownOnce id="webhook-secret" title={shown.rotated ? 'The new signing secret' : 'The signing secret'} label="Signing secret"
      value={shown.secret} onDone={onDone}>
      {shown.rotated && shown.previousUntil && <p>The old secret signs too until {time(shown.previousUntil)}, so the receiver can switch without missing a delivery.</p>}
    </ShownOnce>
  );
}

/** A webhook's deliveries, newest first, a page at a time. */
function DeliveryLog({ path, url }: { path: string; url: string }) {
  const [items, setItems] = useState<Delivery[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reloads, setReloads] = useState(0);
  useEffect(() => {
    get<{ items: Delivery[]; next: string | null }>(`${path}?limit=20`).then((page) => { setItems(page.items); setNext(page.next); }, setError);
  }, [path, reloads]);
  const more = () => {
    if (!next) return;
    get<{ items: Delivery[]; next: string | null }>(`${path}?limit=20&cursor=${encodeURIComponent(next)}`)
      .then((page) => { setItems((shown) => [...(shown ?? []), ...page.items]); setNext(page.next); }, setError);
  };
  return (
    <Section title="Delivery log" actions={<button type="button" className="link" onClick={() => setReloads((n) => n + 1)}>Refresh</button>}>
      <p className="muted break">Deliveries to {url}, newest first. Bodies are never kept here.</p>
      <ErrorMessage error={error} />
      {items === null ? <p role="status">Loading…</p> : items.length === 0 ? <p className="muted">Nothing delivered yet.</p> : (
        <table>
          <caption className="visually-hidden">Deliveries of the webhook</caption>
          <thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">Outcome</th><th scope="col">Message id</th></tr></thead>
          <tbody>
            {items.map((delivery) => (
              <tr key={delivery.id} data-state={delivery.state}>
                <td>{time(delivery.createdAt)}</td>
                <td><code>{delivery.eventType}</code></td>
                <td>{outcome(delivery)}</td>
                <td><code className="break">{delivery.messageId}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && <button type="button" className="secondary" onClick={more}>Show older deliveries</button>}
    </Section>
  );
}
