import { useState, type FormEvent } from 'react';
import { graphql, useLazyLoadQuery, useMutation, usePaginationFragment } from 'react-relay';
import { Link, useNavigate } from 'react-router';
import type { HomeQuery } from '../../__generated__/HomeQuery.graphql';
import type { HomeAssigned_viewer$key } from '../../__generated__/HomeAssigned_viewer.graphql';
import type { HomeShared_viewer$key } from '../../__generated__/HomeShared_viewer.graphql';
import type { HomeCreateOrganizationMutation } from '../../__generated__/HomeCreateOrganizationMutation.graphql';
import { Section } from '../../components/Section';
import { ErrorMessage, Field, formValues } from '../../components/forms';
import { TaskTable, type TaskSummary } from '../../components/TaskRow';

export default function Home() {
  const data = useLazyLoadQuery<HomeQuery>(graphql`
    query HomeQuery {
      viewer {
        displayName
        organizations { id name myRole }
        ...HomeAssigned_viewer
        ...HomeShared_viewer
      }
    }
  `, {}, { fetchPolicy: 'store-and-network' });
  return (
    <>
      <h1>Hello, {data.viewer.displayName}</h1>
      <div className="columns">
        <div>
          <Assigned viewer={data.viewer} />
          <Shared viewer={data.viewer} />
        </div>
        <Section title="Organizations">
          {data.viewer.organizations.length === 0 && <p className="muted">You are not in an organization yet: create one, or accept an invitation.</p>}
          <ul className="plain">
            {data.viewer.organizations.map((org) => (
              <li key={org.id}><Link to={`/orgs/${org.id}`}>{org.name}</Link> <span className="muted">({org.myRole})</span></li>
            ))}
          </ul>
          <NewOrganization />
        </Section>
      </div>
    </>
  );
}

function Assigned({ viewer }: { viewer: HomeAssigned_viewer$key }) {
  const { data, hasNext, loadNext, isLoadingNext } = usePaginationFragment(graphql`
    fragment HomeAssigned_viewer on Viewer
      @refetchable(queryName: "HomeAssignedPaginationQuery")
      @argumentDefinitions(count: { type: "Int", defaultValue: 25 }, cursor: { type: "String" }) {
      assignedTasks(first: $count, after: $cursor) @connection(key: "HomeAssigned_assignedTasks") {
        edges { node { id title status state { key name colour category } priority dueDate assignee { displayName } } }
      }
    }
  `, viewer);
  return <TaskListSection title="Assigned to me" tasks={data.assignedTasks.edges.map((edge) => edge.node)}
    hasNext={hasNext} loading={isLoadingNext} loadNext={() => loadNext(25)} />;
}

function Shared({ viewer }: { viewer: HomeShared_viewer$key }) {
  const { data, hasNext, loadNext, isLoadingNext } = usePaginationFragment(graphql`
    fragment HomeShared_viewer on Viewer
      @refetchable(queryName: "HomeSharedPaginationQuery")
      @argumentDefinitions(count: { type: "Int", defaultValue: 25 }, cursor: { type: "String" }) {
      sharedTasks(first: $count, after: $cursor) @connection(key: "HomeShared_sharedTasks") {
        edges { node { id title status state { key name colour category } priority dueDate assignee { displayName } } }
      }
    }
  `, viewer);
  return <TaskListSection title="Shared with me" tasks={data.sharedTasks.edges.map((edge) => edge.node)}
    hasNext={hasNext} loading={isLoadingNext} loadNext={() => loadNext(25)} />;
}

/** One of the home page's task lists (each has its own fragment; they show alike). */
function TaskListSection({ title, tasks, hasNext, loading, loadNext }: {
  title: string; tasks: readonly TaskSummary[]; hasNext: boolean; loading: boolean; loadNext: () => void;
}) {
  return (
    <Section title={title}>
      <TaskTable caption={title} tasks={tasks} />
      {hasNext && <button type="button" className="secondary" disabled={loading} onClick={loadNext}>More</button>}
    </Section>
  );
}

function NewOrganization() {
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [commit, busy] = useMutation<HomeCreateOrganizationMutation>(graphql`
    mutation HomeCreateOrganizationMutation($name: String!) {
      createOrganization(name: $name) { id name myRole }
    }
  `);
  function submit(event: FormEvent<HTMLFormElement>) {
    const { name } = formValues(event);
    setError(null);
    commit({
      variables: { name: name ?? '' },
      onCompleted: (response, errors) => {
        if (errors?.length) setError(new Error(errors[0]?.message));
        else void navigate(`/orgs/${response.createOrganization.id}`);
      },
      onError: setError,
    });
  }
  return (
    <form onSubmit={submit} className="inline">
      <Field label="New organization" name="name" required maxLength={200} />
      <button type="submit" disabled={busy}>Create</button>
      <ErrorMessage error={error} />
    </form>
  );
}
