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

/**
 * The principal's name in lines that can each be cut short: a role session's name
 * (`ResourceDirectoryAccountAccessRole/console-…`) has no space to wrap at and would run past the
 * sidebar, so the role and the session get a line each.
 */
function nameLines(identityType: string, principalName: string): string[] {
  const slash = principalName.indexOf("/");
  if (identityType !== "AssumedRoleUser" || slash < 0) return [principalName];
  return [principalName.slice(0, slash + 1), principalName.slice(slash + 1)];
}

export function Identity(props: { state: SessionState }) {
  const { identity, regionId } = props.state.session;
  const [busy, setBusy] = useState(false);
  const type = principalTypeLabel(identity.identityType);
  return (
    <section class="identity" aria-label="Signed in as">
      {/* Cut short on screen only (CSS ellipsis): the full text stays in the page for screen
          readers, and in the tooltip. */}
      <div class="identity-name" title={`${type} ${identity.principalName}`}>
        <span class="identity-type">{type}</span>
        <strong class="identity-principal">
          {nameLines(identity.identityType, identity.principalName).map((line) => (
            <span key={line} class="identity-line">
              {line}
            </span>
          ))}
        </strong>
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
