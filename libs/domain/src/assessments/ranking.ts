/**
 * How the priorities of a strategic assessment are ranked.
 *
 * The order by rule: risk score (impact x likelihood) highest first; on equal
 * scores, the higher impact first (harm outweighs frequency); then creation
 * order (`seq`, the order priorities were added to the assessment), so the
 * result never depends on chance.
 *
 * A review may re-rank a priority by hand: it is then pinned to that rank and
 * keeps it through later re-scores, until a later review moves or releases it.
 * Pinned priorities take their ranks first (by pinned rank, then by rule order
 * when two ask for the same rank; a rank past the end of the list means the
 * last place); the others fill the free ranks in rule order. Ranks are always
 * 1..n without gaps.
 */
export interface Rankable {
  id: string;
  impact: number;
  likelihood: number;
  seq: number;
  pinnedRank: number | null;
}

export function riskScore(impact: number, likelihood: number): number {
  return impact * likelihood;
}

/** Rule order: risk score desc, impact desc, creation order asc. */
export function compareByRule(a: Rankable, b: Rankable): number {
  return riskScore(b.impact, b.likelihood) - riskScore(a.impact, a.likelihood) || b.impact - a.impact || a.seq - b.seq;
}

/** The rank (1..n) of every priority. */
export function rankPriorities(priorities: readonly Rankable[]): Map<string, number> {
  const n = priorities.length;
  const byRule = [...priorities].sort(compareByRule);
  const ruleIndex = new Map(byRule.map((p, i) => [p.id, i]));
  const slots: (string | undefined)[] = new Array(n + 1);
  const ranks = new Map<string, number>();
  const pinned = byRule.filter((p) => p.pinnedRank !== null).sort((a, b) => a.pinnedRank! - b.pinnedRank! || ruleIndex.get(a.id)! - ruleIndex.get(b.id)!);
  for (const p of pinned) {
    const wanted = Math.min(Math.max(p.pinnedRank!, 1), n);
    let slot = wanted;
    while (slot <= n && slots[slot]) slot++;
    if (slot > n) {
      slot = wanted;
      while (slot >= 1 && slots[slot]) slot--;
    }
    slots[slot] = p.id;
    ranks.set(p.id, slot);
  }
  let next = 1;
  for (const p of byRule) {
    if (ranks.has(p.id)) continue;
    while (slots[next]) next++;
    slots[next] = p.id;
    ranks.set(p.id, next);
  }
  return ranks;
}
