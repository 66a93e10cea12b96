import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { PublicLayout } from './PublicLayout';
import { RouteError } from './RouteError';

/**
 * Every page of the application; each is its own chunk, loaded when first visited. The server
 * answers index.html for exactly these paths (web/WebApplicationPages.PAGES): add new top-level
 * paths there too.
 */
const page = (load: () => Promise<{ default: ComponentType }>) => () => load().then((module) => ({ Component: module.default }));

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
      { path: '/orgs/:orgId', lazy: page(() => import('../pages/org/OrganizationPage')) },
      { path: '/orgs/:orgId/admin/:section?', lazy: page(() => import('../pages/org/AdminPage')) },
      { path: '/projects/:projectId', lazy: page(() => import('../pages/project/ProjectPage')) },
      { path: '/projects/:projectId/board', lazy: page(() => import('../pages/project/ProjectPage')) },
      { path: '/projects/:projectId/settings', lazy: page(() => import('../pages/project/ProjectSettings')) },
      { path: '/tasks/:taskId', lazy: page(() => import('../pages/task/TaskPage')) },
      { path: '/account/:section?', lazy: page(() => import('../pages/account/AccountPage')) },
      { path: '/platform', lazy: page(() => import('../pages/platform/PlatformPage')) },
      { path: '*', lazy: page(() => import('./NotFound')) },
    ],
  },
];
