import { graphql, useLazyLoadQuery } from 'react-relay';
import { Link, useParams } from 'react-router';
import type { ProjectWebhooksPageQuery } from '../../__generated__/ProjectWebhooksPageQuery.graphql';
import { NotFoundNotice } from '../../components/Section';
import { WebhooksAdmin } from '../org/WebhooksAdmin';

/** One project's webhooks, for whoever may update the project (its managers, the organization's admins). */
export default function ProjectWebhooksPage() {
  const { projectId = '' } = useParams();
  const data = useLazyLoadQuery<ProjectWebhooksPageQuery>(graphql`
    query ProjectWebhooksPageQuery($id: ID!) { project(id: $id) { id name organization { id } } }
  `, { id: projectId }, { fetchPolicy: 'store-and-network' });
  const project = data.project;
  if (!project?.organization) return <NotFoundNotice what="Project" />;
  return (
    <>
      <p className="crumbs"><Link to={`/projects/${project.id}`}>{project.name}</Link> › <Link to={`/projects/${project.id}/settings`}>Settings</Link></p>
      <h1>Webhooks of {project.name}</h1>
      <WebhooksAdmin orgId={project.organization.id} projectId={project.id} />
    </>
  );
}
