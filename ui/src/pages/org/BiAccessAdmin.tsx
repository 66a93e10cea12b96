import { useState, type FormEvent } from 'react';
import { graphql, useLazyLoadQuery } from 'react-relay';
import { del, post, put } from '../../api/http';
import type { BiAccessAdminQuery } from '../../__generated__/BiAccessAdminQuery.graphql';
import { Section } from '../../components/Section';
import { ShownOnce } from '../../components/ShownOnce';
import { ErrorMessage, Field, formValues, useAction } from '../../components/forms';
import { useStepUp } from '../../components/StepUp';
import { ago, networksOf, reconcileSummary } from './bi';
import { time } from './webhooks';

type Credential = { login: string; password: string; rotated: boolean; previous: string | null; until: string | null };

/**
 * Customer BI access (owners): turn it on and choose what is projected, see where BI tools
 * connect and how current the projection is, and manage BI users (made, rotated, revoked), each
 * password shown once.
 */
export function BiAccessAdmin({ orgId }: { orgId: string }) {
  const [fetchKey, setFetchKey] = useState(0);
  const refresh = () => setFetchKey((key) => key + 1);
  const data = useLazyLoadQuery<BiAccessAdminQuery>(graphql`
    query BiAccessAdminQuery($id: ID!) {
      organization(id: $id) {
        id
        biAccess {
          enabled content restricted enabledAt
          connection { host port database schema sslMode jdbcUrl }
          users { id label login allowedNetworks expiresAt createdAt previousLogin previousLoginRetiresAt }
          projection { waitingChanges oldestWaitingMillis projectedAt reconciledAt lastReconcile reachable }
        }
      }
    }
  `, { id: orgId }, { fetchPolicy: 'store-and-network', fetchKey });
  const { guarded, prompt } = useStepUp();
  const [shown, setShown] = useState<Credential | null>(null);
  const base = `/api/v1/orgs/${orgId}/bi`;
  const choose = useAction(async (body: { content: boolean; restricted: boolean }) => guarded(() => put(base, body)));
  const create = useAction(async (body: { label: string; allowedNetworks: string[]; expiresAt?: string }) =>
    guarded(() => post<{ login: string; password: string }>(`${base}/users`, body)));
  const act = useAction(async (change: () => Promise<unknown>) => {
    await change();
    refresh();
  });
  const bi = data.organization?.biAccess;
  if (!data.organization || !bi) {
    return <p role="alert" className="error">Only the organization’s owners manage BI access.</p>;
  }

  async function submitChoice(event: FormEvent<HTMLFormElement>) {
    const form = new FormData(event.currentTarget);
    event.preventDefault();
    const done = await choose.run({ content: form.get('content') === 'on', restricted: form.get('restricted') === 'on' });
    if (done.ok) refresh();
  }

  async function submitUser(event: FormEvent<HTMLFormElement>) {
    const form = event.currentTarget;
    const values = formValues(event);
    const expires = values.expires ? new Date(`${values.expires}T23:59:59Z`).toISOString() : undefined;
    const made = await create.run({ label: values.label ?? '', allowedNetworks: networksOf(values.networks ?? ''), ...(expires ? { expiresAt: expires } : {}) });
    if (made.ok) {
      form.reset();
      setShown({ login: made.value.login, password: made.value.password, rotated: false, previous: null, until: null });
      refresh();
    }
  }

  return (
    <>
      <Section title="BI access">
        <p className="muted">
          Your organization’s own data, read-only, in Power BI, Tableau or Excel: a separate PostgreSQL database holds a copy
          of it that BI users read through views, over TLS, from the networks you allow. Nobody else’s data is there for them to see,
          and Rampart keeps working if that database is down.
        </p>
        {bi.enabled && bi.connection && (
          <dl className="facts" aria-label="Where BI tools connect">
            <dt>Host</dt><dd><code>{bi.connection.host}</code></dd>
            <dt>Port</dt><dd><code>{bi.connection.port}</code></dd>
            <dt>Database</dt><dd><code>{bi.connection.database}</code> (schema <code>{bi.connection.schema}</code>)</dd>
            <dt>TLS</dt><dd><code>sslmode={bi.connection.sslMode}</code>: a plain connection is refused</dd>
            <dt>JDBC URL</dt><dd><code className="break">{bi.connection.jdbcUrl}</code></dd>
          </dl>
        )}
        {bi.enabled && bi.projection && (
          <dl className="facts" aria-label="How current the projection is">
            <dt>Database</dt><dd>{bi.projection.reachable ? 'Answering' : 'Not answering now: changes wait and follow when it is back'}</dd>
            <dt>Waiting changes</dt><dd>{bi.projection.waitingChanges} ({ago(bi.projection.oldestWaitingMillis)})</dd>
            <dt>Last written</dt><dd>{bi.projection.projectedAt ? time(bi.projection.projectedAt) : 'not yet'}</dd>
            <dt>Last reconcile</dt><dd>{bi.projection.reconciledAt ? `${time(bi.projection.reconciledAt)}: ` : ''}{reconcileSummary(bi.projection.lastReconcile)}</dd>
          </dl>
        )}
        <form onSubmit={(event) => void submitChoice(event)} className="stack" aria-label="What BI users see">
          <fieldset>
            <legend>What is projected</legend>
            <p className="muted">Always: projects, statuses, priorities, milestones, sprints, labels, dates, estimates and the names of assignees.</p>
            <label className="check">
              <input type="checkbox" name="content" defaultChecked={bi.content} key={`c-${String(bi.content)}`} /> Also content: task titles and descriptions, sprint goals and comments
            </label>
            <p className="muted" id="content-trade-off">
              In Rampart these are encrypted with your organization’s key. In the BI database everything projected rests as plain
              values (that is what BI tools read), so its operator must keep it on encrypted storage.
            </p>
            <label className="check">
              <input type="checkbox" name="restricted" defaultChecked={bi.restricted} key={`r-${String(bi.restricted)}`} /> Also restricted tasks
            </label>
          </fieldset>
          <div className="actions">
            <button type="submit" disabled={choose.busy}>{bi.enabled ? 'Save what is projected' : 'Turn on BI access'}</button>
            {bi.enabled && <button type="button" className="secondary" disabled={act.busy} onClick={() => void act.run(() => post(`${base}/reconcile`))}>Reconcile now</button>}
            {bi.enabled && <button type="button" className="danger" disabled={act.busy} onClick={() => {
              if (window.confirm('Turn BI access off? The copy of your data, every BI user and their open sessions are removed at once.')) {
                void act.run(() => guarded(() => del(base)));
              }
            }}>Turn off BI access</button>}
          </div>
          <ErrorMessage error={choose.error} />
          <ErrorMessage error={act.error} />
        </form>
      </Section>
      {bi.enabled && (
        <Section title="BI users">
          {shown && (
            <ShownOnce id="bi-password" title={shown.rotated ? 'The new password' : 'The password'} label="Password" value={shown.password}
              onDone={() => setShown(null)}>
              <p>User name: <code>{shown.login}</code>{shown.rotated && shown.previous && shown.until && <> (the previous user name <code>{shown.previous}</code> works until {time(shown.until)})</>}</p>
            </ShownOnce>
          )}
          {bi.users.length === 0 ? <p className="muted">No BI users yet.</p> : (
            <table className="bi-users">
              <caption className="visually-hidden">BI users of the organization</caption>
              <thead><tr><th scope="col">Label</th><th scope="col">User name</th><th scope="col">Networks</th><th scope="col">Expires</th><th scope="col">Actions</th></tr></thead>
              <tbody>
                {bi.users.map((user) => (
                  <tr key={user.id}>
                    <td>{user.label}</td>
                    <td><code>{user.login}</code>{user.previousLogin && user.previousLoginRetiresAt && <><br /><span className="muted">and <code>{user.previousLogin}</code> until {time(user.previousLoginRetiresAt)}</span></>}</td>
                    <td>{user.allowedNetworks.join(', ')}</td>
                    <td>{time(user.expiresAt)}</td>
                    <td>
                      <div className="actions">
                        <button type="button" className="secondary" disabled={act.busy} onClick={() => void act.run(async () => {
                          const rotated = await guarded(() => post<{ login: string; password: string; user: { previousLogin: string | null; previousLoginRetiresAt: string | null } }>(`${base}/users/${user.id}/rotate`));
                          setShown({ login: rotated.login, password: rotated.password, rotated: true, previous: rotated.user.previousLogin, until: rotated.user.previousLoginRetiresAt });
                        })}>New password<span className="visually-hidden"> for {user.label}</span></button>
                        <button type="button" className="danger" disabled={act.busy} onClick={() => {
                          if (window.confirm(`Revoke ${user.label}? Its open sessions end at once.`)) {
                            void act.run(() => guarded(() => del(`${base}/users/${user.id}`)));
                          }
                        }}>Revoke<span className="visually-hidden"> {user.label}</span></button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3 className="section-gap">Add a BI user</h3>
          <form onSubmit={(event) => void submitUser(event)} className="stack" aria-label="New BI user">
            <Field label="Label" name="label" required maxLength={100} placeholder="Power BI, finance team" error={create.fieldError('label')} />
            <div className="field">
              <label htmlFor="bi-networks">Networks it connects from (CIDRs, one per line)</label>
              <textarea id="bi-networks" name="networks" rows={2} required placeholder="203.0.113.0/24" aria-describedby="bi-networks-hint" />
              <p className="muted" id="bi-networks-hint">Connections from anywhere else are refused and recorded in the activity log.</p>
              {create.fieldError('allowedNetworks') && <p className="error">{create.fieldError('allowedNetworks')}</p>}
            </div>
            <Field label="Expires on (default: in 90 days)" name="expires" type="date" error={create.fieldError('expiresAt')} />
            <button type="submit" disabled={create.busy}>Add BI user</button>
            <ErrorMessage error={create.fieldError('label') || create.fieldError('allowedNetworks') || create.fieldError('expiresAt') ? null : create.error} />
          </form>
        </Section>
      )}
      {bi.enabled && bi.connection && (
        <Section title="Connecting a BI tool">
          <ul>
            <li><strong>Power BI Desktop</strong>: Get data → PostgreSQL database; server <code>{bi.connection.host}:{bi.connection.port}</code>, database <code>{bi.connection.database}</code>; Database credentials: the user name and password above. Power BI checks the server’s certificate: install the certificate your operator gives you.</li>
            <li><strong>Tableau</strong>: Connect → PostgreSQL; server, port and database as above; “Require SSL” on.</li>
            <li><strong>Excel</strong>: Data → Get Data → From Database → From PostgreSQL Database; as for Power BI.</li>
          </ul>
          <p className="muted">The views are <code>projects</code>, <code>statuses</code>, <code>milestones</code>, <code>sprints</code>, <code>labels</code>, <code>people</code>, <code>tasks</code>, <code>task_labels</code> and <code>comments</code> (docs/bi.md lists their columns).</p>
        </Section>
      )}
      {prompt}
    </>
  );
}
