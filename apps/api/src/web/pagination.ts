/** GOV.UK pagination's parameters for a list of `total` items, or null when it fits one page. */
export function paginationFor(total: number, page: number, pageSize: number, link: (page: number) => string) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages === 1) return null;
  return {
    previous: page > 1 ? { href: link(page - 1) } : undefined,
    next: page < pages ? { href: link(page + 1) } : undefined,
    items: Array.from({ length: pages }, (_, i) => ({ number: i + 1, href: link(i + 1), current: i + 1 === page })),
  };
}
