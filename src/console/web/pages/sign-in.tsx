import { useEffect, useRef, useState } from "preact/hooks";
import { ErrorPanel } from "../components/error-panel.js";
import { Field } from "../components/field.js";
import { api, asApiError, type ApiError } from "../lib/api.js";
import type { SessionView } from "../lib/session.js";

// Sign-in with an AccessKey pair (and an STS token for temporary credentials). Nothing typed here
// is kept by the browser: the secret lives in this component's state until the request is sent,
// and autocomplete is off.

export interface SignInPageProps {
  readonly onSignedIn: (session: SessionView) => void;
  /** Why the user is here again, e.g. the previous session expired. */
  readonly notice?: string;
}

const REGIONS = [
  "cn-hangzhou",
  "cn-shanghai",
  "cn-beijing",
  "cn-shenzhen",
  "ap-northeast-1",
  "ap-southeast-1",
  "us-west-1",
  "eu-central-1",
];

export function SignInPage(props: SignInPageProps) {
  const [accessKeyId, setAccessKeyId] = useState("");
  const [accessKeySecret, setAccessKeySecret] = useState("");
  const [securityToken, setSecurityToken] = useState("");
  const [regionId, setRegionId] = useState("cn-hangzhou");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const first = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = "Sign in · imageguard console";
    first.current?.focus();
  }, []);

  const fieldError = (name: string): string | undefined =>
    error !== undefined && error.code === `InvalidParameter.${name}` ? error.message : undefined;

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = await api.post<SessionView>("/session", {
        accessKeyId: accessKeyId.trim(),
        accessKeySecret,
        ...(securityToken.trim() === "" ? {} : { securityToken: securityToken.trim() }),
        regionId,
      });
      setAccessKeySecret("");
      setSecurityToken("");
      props.onSignedIn(session);
    } catch (err) {
      setError(asApiError(err));
      setBusy(false);
    }
  };

  return (
    <main id="main" class="sign-in">
      <div class="sign-in-card">
        <h1>Sign in to the imageguard console</h1>
        <p class="sign-in-intro">
          Use an AccessKey pair of the account root, a RAM user, or STS credentials. The console calls the
          cloud as you: what you may not do is refused by the cloud and explained here.
        </p>
        <p class="sign-in-intro">
          Trying the demo (<code>npm start</code>)? Its terminal lists the demo personas&apos; AccessKey pairs
          to paste here, and what each one shows.
        </p>
        {props.notice === undefined ? null : (
          <p class="notice" role="status">
            {props.notice}
          </p>
        )}
        <form
          onSubmit={(event) => void submit(event)}
          autocomplete="off"
          aria-describedby={error === undefined ? undefined : "sign-in-error"}
        >
          <Field id="access-key-id" label="AccessKey ID" error={fieldError("accessKeyId")}>
            {(control) => (
              <input
                {...control}
                ref={first}
                type="text"
                name="accessKeyId"
                autocomplete="off"
                autocapitalize="off"
                spellcheck={false}
                required
                value={accessKeyId}
                onInput={(event) => setAccessKeyId((event.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <Field id="access-key-secret" label="AccessKey secret" error={fieldError("accessKeySecret")}>
            {(control) => (
              <input
                {...control}
                type="password"
                name="accessKeySecret"
                autocomplete="off"
                required
                value={accessKeySecret}
                onInput={(event) => setAccessKeySecret((event.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <Field id="region" label="Region" error={fieldError("regionId")}>
            {(control) => (
              <select
                {...control}
                name="regionId"
                value={regionId}
                onChange={(event) => setRegionId((event.currentTarget as HTMLSelectElement).value)}
              >
                {REGIONS.map((region) => (
                  <option key={region} value={region}>
                    {region}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <details class="sign-in-sts">
            <summary>Temporary credentials (STS)</summary>
            <Field
              id="security-token"
              label="Security token"
              hint="Only for credentials from sts:AssumeRole."
              error={fieldError("securityToken")}
            >
              {(control) => (
                <textarea
                  {...control}
                  name="securityToken"
                  rows={3}
                  autocomplete="off"
                  spellcheck={false}
                  value={securityToken}
                  onInput={(event) => setSecurityToken((event.currentTarget as HTMLTextAreaElement).value)}
                />
              )}
            </Field>
          </details>
          <button type="submit" class="button-primary" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
        {error === undefined ? null : (
          <div id="sign-in-error">
            <ErrorPanel error={error} context="Sign-in failed" />
          </div>
        )}
        <p class="sign-in-help">
          Running the demo? <code>npm start</code> prints the demo personas' AccessKey pairs.
        </p>
      </div>
    </main>
  );
}
