import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { followLink } from "../lib/router.js";
import { principalTypeLabel, type SessionState } from "../lib/session.js";

// The frame of every signed-in page: skip link, the navigation, who is signed in, sign-out.

export interface NavItem {
  readonly id: string;
  readonly title: string;
  readonly path: string;
}

export interface LayoutProps {
  readonly items: readonly NavItem[];
  readonly currentPath: string;
  readonly state: SessionState;
  readonly children: ComponentChildren;
}

export function Nav(props: { items: readonly NavItem[]; currentPath: string }) {
  return (
    <nav class="nav" aria-label="Console">
      <ul>
        {props.items.map((item) => {
          const current = props.currentPath === item.path || props.currentPath.startsWith(`${item.path}/`);
          return (
            <li key={item.id}>
              <a
                href={item.path}
                aria-current={current ? "page" : undefined}
                onClick={(event) => followLink(event, item.path)}
              >
                {item.title}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export function Identity(props: { state: SessionState }) {
  const { identity, regionId } = props.state.session;
  const [busy, setBusy] = useState(false);
  return (
    <section class="identity" aria-label="Signed in as">
      <div class="identity-name">
        <span class="identity-type">{principalTypeLabel(identity.identityType)}</span>{" "}
        <strong>{identity.principalName}</strong>
      </div>
      <div class="identity-account">
        account <span class="mono">{identity.accountId}</span> · {regionId}
      </div>
      <div class="identity-arn mono" title={identity.arn}>
        {identity.arn}
      </div>
      <button
        type="button"
        class="button-secondary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void props.state.signOut().finally(() => setBusy(false));
        }}
      >
        Sign out
      </button>
    </section>
  );
}

export function Layout(props: LayoutProps) {
  return (
    <div class="layout">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="header">
        <div class="brand">
          <span class="brand-mark" aria-hidden="true">
            ◆
          </span>{" "}
          imageguard
        </div>
        <Nav items={props.items} currentPath={props.currentPath} />
        <Identity state={props.state} />
      </header>
      <main id="main" class="main" tabIndex={-1}>
        {props.children}
      </main>
    </div>
  );
}
