import { forgetSession, post } from './http';

/** WebAuthn in the browser: the server's JSON options in, the credential's JSON out (WebAuthn Level 3). */
type JsonCredential = { toJSON: () => unknown };
type PublicKeyCredentialStatics = {
  parseCreationOptionsFromJSON: (options: unknown) => PublicKeyCredentialCreationOptions;
  parseRequestOptionsFromJSON: (options: unknown) => PublicKeyCredentialRequestOptions;
};

interface Ceremony { ceremony: string; options: unknown }

function statics(): PublicKeyCredentialStatics {
  const pkc = (globalThis as { PublicKeyCredential?: PublicKeyCredentialStatics }).PublicKeyCredential;
  if (!pkc || typeof pkc.parseRequestOptionsFromJSON !== 'function') {
    throw new Error('This browser cannot use passkeys.');
  }
  return pkc;
}

async function getAssertion(options: unknown): Promise<unknown> {
  const credential = await navigator.credentials.get({ publicKey: statics().parseRequestOptionsFromJSON(options) });
  if (!credential) throw new Error('No passkey was chosen.');
  return (credential as unknown as JsonCredential).toJSON();
}

export const passkeysSupported = () => typeof (globalThis as { PublicKeyCredential?: unknown }).PublicKeyCredential !== 'undefined';

/** Signs in with a passkey: passwordless, or as the second step after the password (challenge). */
export async function signInWithPasskey(challenge?: string): Promise<void> {
  forgetSession();
  const started = await post<Ceremony>('/api/v1/auth/passkey/options', challenge ? { challenge } : {}, { anonymous: true });
  const credential = await getAssertion(started.options);
  await post('/api/v1/auth/passkey', { ceremony: started.ceremony, credential, challenge, session: 'cookie' }, { anonymous: true });
}

export async function stepUpWithPasskey(): Promise<void> {
  const started = await post<Ceremony>('/api/v1/auth/step-up/passkey/options');
  const credential = await getAssertion(started.options);
  await post('/api/v1/auth/step-up/passkey', { ceremony: started.ceremony, credential });
}

export interface Passkey { id: string; label: string; createdAt: string; lastUsedAt?: string | null; [key: string]: unknown }

export async function addPasskey(label: string): Promise<Passkey> {
  const started = await post<Ceremony>('/api/v1/me/passkeys/options');
  const created = await navigator.credentials.create({ publicKey: statics().parseCreationOptionsFromJSON(started.options) });
  if (!created) throw new Error('No passkey was created.');
  return post<Passkey>('/api/v1/me/passkeys', { ceremony: started.ceremony, credential: (created as unknown as JsonCredential).toJSON(), label });
}
