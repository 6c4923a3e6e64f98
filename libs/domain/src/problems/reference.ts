/** The human reference of a problem: the partnership's prefix, P, and its number (at least four digits), e.g. CDF-P-0042. */
export function formatProblemReference(prefix: string, number: number): string {
  return `${prefix}-P-${String(number).padStart(4, '0')}`;
}

export const PROBLEM_REFERENCE_PATTERN = /^[A-Z]{2,5}-P-\d{4,}$/;
