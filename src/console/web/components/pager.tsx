export interface PagerProps {
  /** The navigation landmark's name: "Image pages". */
  readonly label: string;
  readonly page: number;
  readonly pages: number;
  readonly total: number;
  /** What is counted, singular: "image" (an "s" is added for any other count than one). */
  readonly noun: string;
  /** While a page loads, both buttons are disabled so a second click cannot skip a page. */
  readonly busy: boolean;
  onPage(page: number): void;
}

/** Previous/next over PageNumber-paged listings, with where the user is and how many there are. */
export function Pager({ label, page, pages, total, noun, busy, onPage }: PagerProps) {
  return (
    <nav class="pager" aria-label={label}>
      <button type="button" disabled={page <= 1 || busy} onClick={() => onPage(page - 1)}>
        Previous page
      </button>
      <span>
        Page {page} of {pages} · {total} {noun}
        {total === 1 ? "" : "s"}
      </span>
      <button type="button" disabled={page >= pages || busy} onClick={() => onPage(page + 1)}>
        Next page
      </button>
    </nav>
  );
}
