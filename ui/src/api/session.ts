import { forgetSession, get, post } from './http';

/** Who is signed in, from the REST API (also tells whether the address is confirmed). */
export interface Me {
  id: string;
  email: string;
  displayName: string;
  createdAt: string;
  emailVerified: boolean;
  [key: string]: unknown;
}

export type SignInAnswer =
  | { kind: 'signed-in' }
  | { kind: 'second-factor'; challenge: string; methods: string[] };

interface SignInBody {
  token?: string | null;
  mfaRequired?: boolean;
  challenge?: string;
  methods?: string[];
  [key: string]: unknown;
}

export const me = () => get<Me>('/api/v1/me');

export async function signIn(email: string, password: string): Promise<SignInAnswer> {
  forgetSession();
  const body = await post<SignInBody>('/api/v1/auth/login', { email, password, session: 'cookie' }, { anonymous: true });
  if (body.mfaRequired && body.challenge) return { kind: 'second-factor', challenge: body.challenge, methods: body.methods ?? ['totp', 'recovery-code'] };
  return { kind: 'signed-in' };
}

export async function secondFactor(challenge: string, code: string): Promise<void> {
  await post('/api/v1/auth/login/second-factor', { challenge, code, session: 'cookie' }, { anonymous: true });
}

export async function signOut(): Promise<void> {
  try {
    await post('/api/v1/auth/logout');
  } finally {
    forgetSession();
  }
}

export const signUp = (email: string, password: string, displayName: string) =>
  post<{ email: string; next: string }>('/api/v1/auth/signup', { email, password, displayName }, { anonymous: true });

export const confirmAddress = (token: string) => post('/api/v1/auth/verify-email', { token }, { anonymous: true });
export const confirmEmailChange = (token: string) => post('/api/v1/auth/confirm-email-change', { token }, { anonymous: true });
export const requestPasswordReset = (email: string) => post('/api/v1/auth/password-reset', { email }, { anonymous: true });
export const completePasswordReset = (token: string, password: string) =>
  post('/api/v1/auth/password-reset/complete', { token, password }, { anonymous: true });

/** Proves again who is signed in (password, or a TOTP/recovery code) before a sensitive change. */
export const stepUp = (proof: { password?: string; code?: string }) => post('/api/v1/auth/step-up', proof);
