/** A page number from the query: anything but a whole number from 1 is page 1. */
export function pageNumber(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

/** GOV.UK pagination's items for page `page` of `pages`, or null when there is one page. */
export function pagination(page: number, pages: number, link: (n: number) => string) {
  if (pages <= 1) return null;
  return {
    previous: page > 1 ? { href: link(page - 1) } : undefined,
    next: page < pages ? { href: link(page + 1) } : undefined,
    items: Array.from({ length: pages }, (_, i) => ({ number: i + 1, href: link(i + 1), current: i + 1 === page })),
  };
}

/** The same, for a list of `total` items shown `pageSize` a page. */
export function paginationFor(total: number, page: number, pageSize: number, link: (n: number) => string) {
  return pagination(page, Math.max(1, Math.ceil(total / pageSize)), link);
}
