import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { PublicLayout } from './PublicLayout';
import { RouteError } from './RouteError';

/**
 * Every page of the application; each is its own chunk, loaded when first visited. The server
 * answers index.html for exactly these paths (web/WebApplicationPages.PAGES): add new top-level
 * paths there too.
 */
const page = (load: () => Promise<{ default: ComponentType }>) => () => load().then(
  (module) => ({ Component: module.default }),
  (error: unknown) => {
    // A chunk that cannot be fetched usually means a new release replaced it (its name has a new
    // hash): load the page again, once, marked in the history entry so it never loops.
    const state = (window.history.state ?? {}) as Record<string, unknown>;
    if (!state.reloadedForChunk) {
      window.history.replaceState({ ...state, reloadedForChunk: true }, '');
      window.location.reload();
      return new Promise<never>(() => undefined);
    }
    throw error;
  });

export const routes: RouteObject[] = [
  {
    element: <PublicLayout />,
    errorElement: <RouteError />,
    children: [
      { path: '/signin', lazy: page(() => import('../pages/auth/SignIn')) },
      { path: '/signup', lazy: page(() => import('../pages/auth/SignUp')) },
      { path: '/forgot-password', lazy: page(() => import('../pages/auth/ForgotPassword')) },
      { path: '/reset-password', lazy: page(() => import('../pages/auth/ResetPassword')) },
      { path: '/verify-email', lazy: page(() => import('../pages/auth/VerifyEmail')) },
      { path: '/confirm-email-change', lazy: page(() => import('../pages/auth/ConfirmEmailChange')) },
      { path: '/invitation', lazy: page(() => import('../pages/auth/Invitation')) },
    ],
  },
  {
    lazy: page(() => import('./Layout')),
    errorElement: <RouteError />,
    children: [
      { path: '/', lazy: page(() => import('../pages/home/Home')) },
      { path: '/my-tasks', lazy: page(() => import('../pages/home/Home')) },
      { path: '/notifications', lazy: page(() => import('../pages/notifications/NotificationsPage')) },
      { path: '/orgs/:orgId', lazy: page(() => import('../pages/org/OrganizationPage')) },
      { path: '/orgs/:orgId/search', lazy: page(() => import('../pages/search/SearchPage')) },
      { path: '/orgs/:orgId/templates', lazy: page(() => import('../pages/templates/TemplatesPage')) },
      { path: '/orgs/:orgId/templates/:templateId', lazy: page(() => import('../pages/templates/TemplateEditor')) },
      { path: '/orgs/:orgId/import', lazy: page(() => import('../pages/imports/ImportPage')) },
      { path: '/orgs/:orgId/workflow', lazy: page(() => import('../pages/workflow/WorkflowPage')) },
      { path: '/orgs/:orgId/admin/:section?', lazy: page(() => import('../pages/org/AdminPage')) },
      { path: '/projects/:projectId', lazy: page(() => import('../pages/project/ProjectPage')) },
      { path: '/projects/:projectId/board', lazy: page(() => import('../pages/project/ProjectPage')) },
      { path: '/projects/:projectId/milestones', lazy: page(() => import('../pages/project/MilestonesPage')) },
      { path: '/projects/:projectId/sprints', lazy: page(() => import('../pages/sprints/SprintsPage')) },
      { path: '/projects/:projectId/timeline', lazy: page(() => import('../pages/project/TimelinePage')) },
      { path: '/projects/:projectId/workflow', lazy: page(() => import('../pages/workflow/WorkflowPage')) },
      { path: '/projects/:projectId/webhooks', lazy: page(() => import('../pages/project/ProjectWebhooksPage')) },
      { path: '/projects/:projectId/settings', lazy: page(() => import('../pages/project/ProjectSettings')) },
      { path: '/tasks/:taskId', lazy: page(() => import('../pages/task/TaskPage')) },
      { path: '/account/:section?', lazy: page(() => import('../pages/account/AccountPage')) },
      { path: '/platform', lazy: page(() => import('../pages/platform/PlatformPage')) },
      { path: '*', lazy: page(() => import('./NotFound')) },
    ],
  },
];
