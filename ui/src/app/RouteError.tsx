import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { messageOf } from '../api/problem';

export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : messageOf(error);
  return (
    <main id="main" className="page narrow">
      <h1>Something went wrong</h1>
      <p role="alert" className="error">{message}</p>
      <p><Link to="/">Back to your tasks</Link></p>
    </main>
  );
}
