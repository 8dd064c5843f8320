import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";

/** A page's h1 and document title, with room for page-level actions. */
export function PageHeader(props: { title: string; children?: ComponentChildren }) {
  useEffect(() => {
    document.title = `${props.title} · imageguard console`;
  }, [props.title]);
  return (
    <div class="page-header">
      <h1>{props.title}</h1>
      {props.children === undefined ? null : <div class="page-actions">{props.children}</div>}
    </div>
  );
}
