import type { ComponentChildren } from "preact";
import { useRef, useState } from "preact/hooks";

// A WAI-ARIA tree: one tab stop, arrows move (Up/Down), open and close (Right/Left), Home/End jump,
// Enter or Space activates.

export interface TreeNode {
  readonly id: string;
  /** Also what screen readers announce, so keep it text-first. */
  readonly label: ComponentChildren;
  /** Plain text of the label, for typeahead and accessible names. */
  readonly text: string;
  readonly children?: readonly TreeNode[];
}

export interface TreeProps {
  readonly label: string;
  readonly nodes: readonly TreeNode[];
  /** Initially open nodes; default: every node with children. */
  readonly initiallyExpanded?: readonly string[];
  readonly selectedId?: string;
  readonly onSelect?: (node: TreeNode) => void;
}

interface Visible {
  readonly node: TreeNode;
  readonly level: number;
  readonly parent: string | undefined;
}

function allWithChildren(nodes: readonly TreeNode[], into: string[] = []): string[] {
  for (const node of nodes) {
    if (node.children !== undefined && node.children.length > 0) {
      into.push(node.id);
      allWithChildren(node.children, into);
    }
  }
  return into;
}

export function Tree(props: TreeProps) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(
    () => new Set(props.initiallyExpanded ?? allWithChildren(props.nodes)),
  );
  const [focused, setFocused] = useState<string | undefined>(props.selectedId ?? props.nodes[0]?.id);
  const root = useRef<HTMLUListElement>(null);

  const visible: Visible[] = [];
  const walk = (nodes: readonly TreeNode[], level: number, parent: string | undefined): void => {
    for (const node of nodes) {
      visible.push({ node, level, parent });
      if (node.children !== undefined && expanded.has(node.id)) walk(node.children, level + 1, node.id);
    }
  };
  walk(props.nodes, 1, undefined);

  const focusId = (id: string | undefined): void => {
    if (id === undefined) return;
    setFocused(id);
    const element = root.current?.querySelector<HTMLElement>(`[data-node-id="${CSS.escape(id)}"]`);
    element?.focus();
  };
  const toggle = (id: string, open: boolean): void =>
    setExpanded((current) => {
      const next = new Set(current);
      if (open) next.add(id);
      else next.delete(id);
      return next;
    });

  const onKeyDown = (event: KeyboardEvent, item: Visible): void => {
    const index = visible.findIndex((v) => v.node.id === item.node.id);
    const hasChildren = item.node.children !== undefined && item.node.children.length > 0;
    const open = expanded.has(item.node.id);
    let handled = true;
    switch (event.key) {
      case "ArrowDown":
        focusId(visible[index + 1]?.node.id);
        break;
      case "ArrowUp":
        focusId(visible[index - 1]?.node.id);
        break;
      case "ArrowRight":
        if (hasChildren && !open) toggle(item.node.id, true);
        else if (hasChildren) focusId(item.node.children?.[0]?.id);
        break;
      case "ArrowLeft":
        if (hasChildren && open) toggle(item.node.id, false);
        else focusId(item.parent);
        break;
      case "Home":
        focusId(visible[0]?.node.id);
        break;
      case "End":
        focusId(visible[visible.length - 1]?.node.id);
        break;
      case "Enter":
      case " ":
        props.onSelect?.(item.node);
        break;
      default:
        handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  const render = (nodes: readonly TreeNode[], level: number, parent: string | undefined): ComponentChildren =>
    nodes.map((node) => {
      const hasChildren = node.children !== undefined && node.children.length > 0;
      const open = expanded.has(node.id);
      const item: Visible = { node, level, parent };
      return (
        <li
          key={node.id}
          role="treeitem"
          data-node-id={node.id}
          aria-level={level}
          aria-expanded={hasChildren ? open : undefined}
          aria-selected={props.selectedId === node.id}
          aria-label={node.text}
          tabIndex={focused === node.id ? 0 : -1}
          class={`tree-item${props.selectedId === node.id ? " tree-selected" : ""}`}
          onKeyDown={(event) => {
            if (event.currentTarget === event.target) onKeyDown(event, item);
          }}
          onFocus={(event) => {
            if (event.currentTarget === event.target) setFocused(node.id);
          }}
        >
          <div
            class="tree-row"
            onClick={() => {
              setFocused(node.id);
              if (hasChildren) toggle(node.id, !open);
              props.onSelect?.(node);
            }}
          >
            <span class="tree-twisty" aria-hidden="true">
              {hasChildren ? (open ? "▾" : "▸") : "·"}
            </span>
            <span class="tree-label">{node.label}</span>
          </div>
          {hasChildren && open ? (
            <ul role="group">{render(node.children ?? [], level + 1, node.id)}</ul>
          ) : null}
        </li>
      );
    });

  return (
    <ul ref={root} role="tree" aria-label={props.label} class="tree">
      {render(props.nodes, 1, undefined)}
    </ul>
  );
}
