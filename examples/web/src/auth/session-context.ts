import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Session, SessionState } from './session';

export const SessionContext = createContext<Session | null>(null);

export function useSession(): { session: Session; state: SessionState } {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a <SessionContext.Provider>');
  const state = useSyncExternalStore(session.subscribe, () => session.current);
  return { session, state };
}
