import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { SessionIdentity } from "../../server/sessions.js";
import type { SessionView } from "../../server/routes/session.js";

export type { SessionIdentity, SessionView };

/** What every page can read about the signed-in user, and do with the session. */
export interface SessionState {
  readonly session: SessionView;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<SessionState | undefined>(undefined);

/** The signed-in session; pages are only rendered inside one. */
export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (state === undefined) throw new Error("useSession outside a signed-in page");
  return state;
}

/** `Account`, `RAM user`, `Role session`: GetCallerIdentity's IdentityType for people. */
export function principalTypeLabel(identityType: string): string {
  switch (identityType) {
    case "Account":
      return "Account (root)";
    case "RAMUser":
      return "RAM user";
    case "AssumedRoleUser":
      return "Role session";
    default:
      return identityType;
  }
}
