import type { ComponentType } from "preact";
import { CompliancePage } from "./compliance.js";
import { ImagesPage } from "./images.js";
import { InstancesPage } from "./instances.js";
import { LaunchPage } from "./launch.js";
import { OrganisationPage } from "./organisation.js";
import { PoliciesPage } from "./policies.js";
import { TrailPage } from "./trail.js";

// The page registry the navigation and the router read: one line per page, in navigation order.
// Add yours with an additive edit (keep the order: images, launch, instances, organisation,
// policies, compliance, trail).

export interface PageProps {
  /** The path as shown, e.g. `/console/trail`. */
  readonly path: string;
  /** The query string (pages keep their filters there, so a reload or a link keeps them). */
  readonly query: URLSearchParams;
}

export interface PageDefinition {
  readonly id: string;
  /** Shown in the navigation and the document title. */
  readonly title: string;
  /** `/console/<id>`; sub-paths (`/console/<id>/...`) belong to the same page. */
  readonly path: string;
  readonly component: ComponentType<PageProps>;
}

export const pages: readonly PageDefinition[] = [
  { id: "images", title: "Images", path: "/console/images", component: ImagesPage },
  { id: "launch", title: "Create instance", path: "/console/launch", component: LaunchPage },
  { id: "instances", title: "Instances", path: "/console/instances", component: InstancesPage },
  { id: "organisation", title: "Organisation", path: "/console/organisation", component: OrganisationPage },
  { id: "policies", title: "Policies", path: "/console/policies", component: PoliciesPage },
  { id: "compliance", title: "Compliance", path: "/console/compliance", component: CompliancePage },
  { id: "trail", title: "Audit trail", path: "/console/trail", component: TrailPage },
];

/** Not in the navigation: shown to everyone who is not signed in. */
export const SIGN_IN_PATH = "/console/sign-in";

/** The page the console opens on: the first page in the registry. */
export function defaultPagePath(): string {
  return pages[0]?.path ?? SIGN_IN_PATH;
}

export function pageFor(path: string): PageDefinition | undefined {
  return pages.find((page) => path === page.path || path.startsWith(`${page.path}/`));
}
