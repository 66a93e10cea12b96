import { commitMutation, Environment, Network, RecordSource, Store, type FetchFunction, type GraphQLResponse, type GraphQLTaggedNode, type MutationParameters } from 'relay-runtime';
import { ApiError } from './problem';
import { graphql } from './http';

/**
 * Relay over Rampart's GraphQL API. Only persisted documents are sent (by id): the server runs
 * nothing else for a browser session. Records are keyed by type and id, so the viewer and the
 * same person as a User do not overwrite each other.
 */
const fetchOperation: FetchFunction = async (params, variables) => {
  if (!params.id) throw new Error(`${params.name} was not persisted by the Relay compiler`);
  const body = (await graphql(params.id, variables)) as GraphQLResponse & { errors?: Array<{ message: string; extensions?: unknown }> };
  const errors = 'errors' in body ? body.errors : undefined;
  if (errors && errors.length > 0 && !('data' in body && body.data)) throw fromGraphQlError(errors[0]);
  return body;
};

export function createEnvironment(): Environment {
  return new Environment({
    network: Network.create(fetchOperation),
    store: new Store(new RecordSource()),
    getDataID: (fieldValue: { [key: string]: unknown }, typeName: string) =>
      typeof fieldValue.id === 'string' ? `${typeName}:${fieldValue.id}` : undefined,
  });
}

/** The Relay store's key for an object of this type and id (for updaters). */
export const recordId = (typeName: string, id: string): string => `${typeName}:${id}`;

/** A GraphQL error entry as an ApiError: its extensions.code is the REST problem's code (step-up-required, conflict...). */
export function fromGraphQlError(error: { message?: string; extensions?: unknown } | undefined): ApiError {
  const extensions = (error?.extensions ?? {}) as { code?: string; classification?: string; field?: string; errors?: Array<{ field?: string; message?: string }> };
  const code = extensions.code ?? extensions.classification ?? 'graphql';
  const fields: Record<string, string> = extensions.field !== undefined ? { [extensions.field]: error?.message ?? '' } : {};
  // A document checked whole (a process template) names every problem.
  for (const each of extensions.errors ?? []) if (each.field !== undefined && each.message) fields[each.field] = each.message;
  // Whatever else the error carries (allowedTransitions, statusesInUse) stays at hand in extra.
  return new ApiError(code === 'step-up-required' ? 403 : 400, code, error?.message ?? 'The request failed.', fields,
    extensions as Record<string, unknown>);
}

/**
 * Runs a mutation and settles with its answer; a refusal (an error entry, or a failed request)
 * rejects with the ApiError, so a step-up request is recognised (`useStepUp().guarded`).
 */
export function commit<M extends MutationParameters>(environment: Environment, mutation: GraphQLTaggedNode,
  variables: M['variables']): Promise<M['response']> {
  return new Promise((resolve, reject) => {
    commitMutation<M>(environment, {
      mutation,
      variables,
      onCompleted: (response, errors) => (errors?.length ? reject(fromGraphQlError(errors[0])) : resolve(response)),
      onError: reject,
    });
  });
}
