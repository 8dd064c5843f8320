import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { Layout } from "./components/layout.js";
import { PageHeader } from "./components/page-header.js";
import { api, onSessionLost, setCsrfToken } from "./lib/api.js";
import { navigate, useLocation } from "./lib/router.js";
import { SessionContext, type SessionState, type SessionView } from "./lib/session.js";
import { defaultPagePath, pageFor, pages, SIGN_IN_PATH } from "./pages/index.js";
import { SignInPage } from "./pages/sign-in.js";

// The app: asks who is signed in, shows the sign-in page or the page the URL names inside the
// layout, and returns to sign-in whenever the server says the session is gone.

type Auth =
  | { readonly kind: "checking" }
  | { readonly kind: "signed-out"; readonly notice?: string }
  | { readonly kind: "signed-in"; readonly session: SessionView };

function nextFrom(query: URLSearchParams): string {
  const next = query.get("next");
  // Only paths of the console itself: never an open redirect.
  return next !== null && next.startsWith("/console/") && !next.startsWith("//") ? next : defaultPagePath();
}

export function App() {
  const location = useLocation();
  const [auth, setAuth] = useState<Auth>({ kind: "checking" });
  const main = useRef<string | undefined>(undefined);

  useEffect(() => {
    onSessionLost((error) => {
      setCsrfToken(undefined);
      setAuth({
        kind: "signed-out",
        notice:
          error.code === "SessionExpired" ? "Your session expired; sign in again." : "Sign in to continue.",
      });
    });
    api
      .get<SessionView>("/session")
      .then((session) => {
        setCsrfToken(session.csrfToken);
        setAuth({ kind: "signed-in", session });
      })
      .catch(() => setAuth((current) => (current.kind === "checking" ? { kind: "signed-out" } : current)));
    return () => onSessionLost(undefined);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.del("/session");
    } finally {
      setCsrfToken(undefined);
      setAuth({ kind: "signed-out", notice: "You are signed out." });
      navigate(SIGN_IN_PATH);
    }
  }, []);

  // Keep the URL in step with the state: signed out → /console/sign-in?next=…; signed in on the
  // sign-in page (or the bare /console) → where the user was going.
  useEffect(() => {
    if (auth.kind === "signed-out" && location.path !== SIGN_IN_PATH) {
      const here = `${location.path}${location.query.toString() === "" ? "" : `?${location.query.toString()}`}`;
      const next = pageFor(location.path) === undefined ? "" : `?next=${encodeURIComponent(here)}`;
      navigate(`${SIGN_IN_PATH}${next}`, { replace: true });
    } else if (
      auth.kind === "signed-in" &&
      (location.path === SIGN_IN_PATH || location.path === "/console")
    ) {
      navigate(nextFrom(location.query), { replace: true });
    }
  }, [auth.kind, location.path, location.query]);

  // After client-side navigation, move focus to the content so keyboard and screen-reader users
  // start at the new page, as a full page load would.
  useEffect(() => {
    if (main.current !== undefined && main.current !== location.path)
      document.getElementById("main")?.focus();
    main.current = location.path;
  }, [location.path]);

  const state: SessionState | undefined = useMemo(
    () => (auth.kind === "signed-in" ? { session: auth.session, signOut } : undefined),
    [auth, signOut],
  );

  if (auth.kind === "checking") {
    return (
      <p class="app-loading" role="status">
        Loading the console…
      </p>
    );
  }
  if (auth.kind === "signed-out" || state === undefined) {
    return (
      <SignInPage
        {...(auth.kind === "signed-out" && auth.notice !== undefined ? { notice: auth.notice } : {})}
        onSignedIn={(session) => {
          setCsrfToken(session.csrfToken);
          setAuth({ kind: "signed-in", session });
        }}
      />
    );
  }
  const page = pageFor(location.path);
  return (
    <SessionContext.Provider value={state}>
      <Layout items={pages} currentPath={location.path} state={state}>
        {page === undefined ? (
          <NotFound path={location.path} />
        ) : (
          <page.component key={page.id} path={location.path} query={location.query} />
        )}
      </Layout>
    </SessionContext.Provider>
  );
}

function NotFound(props: { path: string }) {
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        There is no console page at <code>{props.path}</code>.{" "}
        <a
          href={defaultPagePath()}
          onClick={(event) => {
            event.preventDefault();
            navigate(defaultPagePath());
          }}
        >
          Go to the first page
        </a>
        .
      </p>
    </>
  );
}
