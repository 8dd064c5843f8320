import { useEffect, useState } from "preact/hooks";

// Client-side routing on /console/<page> with the history API: the server answers index.html for
// every such path, so a reload or a shared link lands on the same page.

export interface Location {
  /** `/console/images`. */
  readonly path: string;
  readonly query: URLSearchParams;
}

const listeners = new Set<() => void>();

function current(): Location {
  return {
    path: window.location.pathname.replace(/\/+$/, "") || "/",
    query: new URLSearchParams(window.location.search),
  };
}

/** Goes to `to` (a path under /console, with an optional query) without reloading. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace === true) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  for (const listener of listeners) listener();
}

/** Replaces the query string of the current page (filters kept in the URL), without a history entry. */
export function setQuery(query: URLSearchParams): void {
  const text = query.toString();
  navigate(`${window.location.pathname}${text === "" ? "" : `?${text}`}`, { replace: true });
}

export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = (): void => setLocation(current());
    listeners.add(update);
    window.addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      window.removeEventListener("popstate", update);
    };
  }, []);
  return location;
}

/** For `<a onClick>`: plain left clicks navigate in the app; modified clicks open as the browser does. */
export function followLink(event: MouseEvent, href: string): void {
  if (
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey
  )
    return;
  event.preventDefault();
  navigate(href);
}
