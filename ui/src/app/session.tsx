import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { onSignedOut } from '../api/http';
import { ApiError } from '../api/problem';
import { me as fetchMe, signOut as apiSignOut, type Me } from '../api/session';

interface Session {
  /** undefined while loading, null when nobody is signed in. */
  me: Me | null | undefined;
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
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

  const refresh = useCallback(async () => {
    try {
      setMe(await fetchMe());
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setMe(null);
      else throw error;
    }
  }, []);

  const forget = useCallback(() => setMe(null), []);

  const signOut = useCallback(async () => {
    try {
      await apiSignOut();
    } finally {
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

  const value = useMemo(() => ({ me, refresh, signOut }), [me, refresh, signOut]);
  return (
    <SessionContext.Provider value={value}>
      {children}
    </SessionContext.Provider>
  );
}
