import { Link } from 'react-router';

export default function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>There is nothing here, or you may not see it.</p>
      <p><Link to="/">Back to your tasks</Link></p>
    </>
  );
}
