import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { onSignedOut } from '../api/http';
import { ApiError } from '../api/problem';
import { me as fetchMe, signOut as apiSignOut, type Me } from '../api/session';

interface Session {
  /** undefined while loading, null when nobody is signed in. */
  me: Me | null | undefined;
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
  /** True once the user signed out themselves (then the sign-in page needs no way back). */
  signedOutByUser: boolean;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** Who is signed in (the Relay store lives in the signed-in layout, one per session). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [signedOutByUser, setSignedOutByUser] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setMe(await fetchMe());
      setSignedOutByUser(false);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setMe(null);
      else throw error;
    }
  }, []);

  const forget = useCallback(() => setMe(null), []);

  // The page changes only once the server has answered: its Clear-Site-Data is applied by then,
  // so no request of the next page is caught in the browser clearing its cache.
  const signOut = useCallback(async () => {
    try {
      await apiSignOut();
    } finally {
      setSignedOutByUser(true);
      forget();
    }
  }, [forget]);

  useEffect(() => {
    let current = true;
    fetchMe().then((who) => current && setMe(who), () => current && setMe(null));
    const stop = onSignedOut(forget);
    return () => {
      current = false;
      stop();
    };
  }, [forget]);

  const value = useMemo(() => ({ me, refresh, signOut, signedOutByUser }), [me, refresh, signOut, signedOutByUser]);
  return (
    <SessionContext.Provider value={value}>
      {children}
    </SessionContext.Provider>
  );
}
