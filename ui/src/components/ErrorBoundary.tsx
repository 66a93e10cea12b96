import { Component, type ReactNode } from 'react';
import { messageOf } from '../api/problem';

/** Shows what went wrong in place of the part of the page that failed (a refused query, a 404). */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override render() {
    if (this.state.error) {
      return <div role="alert" className="error">{messageOf(this.state.error)}</div>;
    }
    return this.props.children;
  }
}
