import { FIGURE_GROUPS, type Figure } from './figure-definitions';

/** Counts from 1 to this are not shown outside the partnership (as official statistics do). */
export const SUPPRESSION_MAX = 4;

/** A figure as shown outside its partnership: either the figure, or only the fact that it is suppressed. */
export type PublishedFigure =
  | (Omit<Figure, 'value' | 'numerator' | 'denominator'> & { suppressed?: false; value: number | null; numerator?: number; denominator?: number })
  | (Omit<Figure, 'value' | 'numerator' | 'denominator'> & { suppressed: true });

export const isSmall = (n: number | undefined): boolean => n !== undefined && n >= 1 && n <= SUPPRESSION_MAX;

/**
 * Primary suppression: a figure is suppressed when a count it reveals is
 * from 1 to 4: its count value, its numerator, its denominator, or the
 * complement (denominator - numerator), which a reader can work out from the
 * other two. Figures that are not measurable or without enough data carry no
 * count and stay as they are.
 */
export function needsSuppression(f: Figure): boolean {
  if (f.unit === 'count' && f.value !== null && isSmall(f.value)) return true;
  if (isSmall(f.numerator) || isSmall(f.denominator)) return true;
  if (f.numerator !== undefined && f.denominator !== undefined && isSmall(f.denominator - f.numerator)) return true;
  return false;
}

/**
 * The figures of one partnership and window as shown outside it. After the
 * primary suppression, cells of a group that adds up to a total shown
 * elsewhere (FIGURE_GROUPS: problems by source, evaluation results, agency
 * kinds, incident groups, intelligence by grade and by source kind) get
 * complementary suppression: while a group has
 * exactly one suppressed cell, or its suppressed cells hold only small
 * counts (so their known sum would pin them down), the smallest cell still
 * shown that is not zero is suppressed too. Zero is never suppressed (it
 * reveals nobody), so a group whose other cells are all zero suppresses its
 * total instead, in every figure that shows it.
 */
export function suppress(figures: readonly Figure[]): PublishedFigure[] {
  const hidden = new Set(figures.filter(needsSuppression).map((f) => f.key));
  const groups = FIGURE_GROUPS.map((g) => ({
    cells: figures.filter((f) => f.key.startsWith(g.prefix)),
    total: g.total(figures as Figure[]),
    totalKeys: g.totalKeys,
  }));
  // Repeat until stable: a total suppressed here may be a cell of nothing, but suppressing
  // one group's cell never un-suppresses another's.
  for (let changed = true; changed;) {
    changed = false;
    for (const group of groups) {
      const sizeOf = (f: Figure) => (f.unit === 'count' ? (f.value ?? 0) : (f.denominator ?? 0));
      const suppressed = group.cells.filter((f) => hidden.has(f.key));
      // A group with no total shown anywhere cannot be differenced.
      if (suppressed.length === 0 || group.total === undefined) continue;
      const allSmall = suppressed.every((f) => isSmall(sizeOf(f)));
      if (suppressed.length >= 2 && !allSmall) continue;
      const [smallest] = group.cells.filter((f) => !hidden.has(f.key) && sizeOf(f) > 0).sort((a, b) => sizeOf(a) - sizeOf(b));
      if (smallest !== undefined) {
        hidden.add(smallest.key);
        changed = true;
      } else {
        // Nothing left to hide in the group: hide whatever shows the total.
        for (const key of group.totalKeys) {
          if (figures.some((f) => f.key === key) && !hidden.has(key)) {
            hidden.add(key);
            changed = true;
          }
        }
      }
    }
  }
  return figures.map((f) => {
    if (!hidden.has(f.key)) return { ...f };
    const { value: _v, numerator: _n, denominator: _d, ...rest } = f;
    return { ...rest, suppressed: true as const };
  });
}

/** The median of the values (mean of the middle two for an even number); null for none. */
export function median(values: readonly number[]): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  // The middle value (odd length) or the middle two (even length); none for no values.
  const middle = sorted.slice(Math.floor((sorted.length - 1) / 2), Math.floor(sorted.length / 2) + 1);
  if (middle.length === 0) return null;
  return middle.reduce((sum, v) => sum + v, 0) / middle.length;
}

/**
 * Ranks (1 = best) of the values by the figure's direction; equal values
 * share a rank (standard competition ranking: 1, 2, 2, 4). Null values get
 * no rank.
 */
export function ranks(values: readonly (number | null)[], better: 'higher' | 'lower'): (number | null)[] {
  const sign = better === 'higher' ? -1 : 1;
  const present = values.filter((v): v is number => v !== null).map((v) => sign * v);
  return values.map((v) => (v === null ? null : 1 + present.filter((o) => o < sign * v).length));
}
