/**
 * The query string of a list's next page: the list's filters that are set,
 * with the cursor the API gave for the next page; null on the last page.
 */
export function nextPageQuery(filters: Record<string, unknown>, nextCursor: string | null): string | null {
  if (!nextCursor) return null;
  const set = Object.entries(filters).filter(([, v]) => v !== undefined);
  return `?${new URLSearchParams({ ...Object.fromEntries(set.map(([k, v]) => [k, String(v)])), cursor: nextCursor })}`;
}
