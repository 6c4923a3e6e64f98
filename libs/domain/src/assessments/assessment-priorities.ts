import type { EntityManager } from 'typeorm';
import { AssessmentPriority } from './assessment-priority.entity';
import { rankPriorities } from './ranking';

/** The priorities an assessment holds now (not removed), best rank first. */
export function activePriorities(m: EntityManager, assessmentIds: string[]): Promise<AssessmentPriority[]> {
  if (!assessmentIds.length) return Promise.resolve([]);
  return m
    .getRepository(AssessmentPriority)
    .createQueryBuilder('p')
    .where('p.strategic_assessment_id = ANY(:ids) AND p.removed_at IS NULL', { ids: assessmentIds })
    .orderBy('p.strategic_assessment_id')
    .addOrderBy('p.rank', 'ASC')
    .addOrderBy('p.seq', 'ASC')
    .getMany();
}

/** The next creation number of a priority in the assessment (removed ones count: numbers are never reused). */
export async function nextPrioritySeq(m: EntityManager, assessmentId: string): Promise<number> {
  const [row] = await m.query<{ seq: number }[]>(
    'SELECT coalesce(max(seq), 0)::int + 1 AS seq FROM assessment_priorities WHERE strategic_assessment_id = $1',
    [assessmentId],
  );
  return row.seq;
}

/**
 * Recomputes the ranks of the assessment's priorities (ranking.ts) and
 * writes those that moved, in one statement. The caller holds the
 * assessment's row lock. Returns the ranks before and after, by priority id.
 */
export async function applyRanks(m: EntityManager, assessmentId: string): Promise<{ before: Map<string, number | null>; after: Map<string, number> }> {
  const priorities = await activePriorities(m, [assessmentId]);
  const after = rankPriorities(priorities);
  const before = new Map(priorities.map((p) => [p.id, p.rank]));
  const moved = priorities.filter((p) => p.rank !== after.get(p.id));
  if (moved.length) {
    await m.query(
      `UPDATE assessment_priorities p SET rank = v.rank, updated_at = now()
       FROM unnest($1::uuid[], $2::int[]) AS v(id, rank)
       WHERE p.id = v.id AND p.strategic_assessment_id = $3`,
      [moved.map((p) => p.id), moved.map((p) => after.get(p.id)), assessmentId],
    );
  }
  return { before, after };
}
