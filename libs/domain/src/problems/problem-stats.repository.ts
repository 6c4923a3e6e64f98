import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@app/core';
import { PROBLEM_STAGES, type ProblemStage } from './problem.constants';

/** Aggregate reads of a partnership's problems (counts for dashboards). */
@Injectable()
export class ProblemStatsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** How many problems are at each stage: one grouped statement on ix_problems_partnership_stage_number. */
  async countByStage(partnershipId: string): Promise<Record<ProblemStage, number>> {
    const rows = await this.tx.manager.query<{ stage: ProblemStage; n: number }[]>(
      `SELECT stage, count(*)::int AS n FROM problems WHERE partnership_id = $1 GROUP BY stage`,
      [partnershipId],
    );
    const out = Object.fromEntries(PROBLEM_STAGES.map((s) => [s, 0])) as Record<ProblemStage, number>;
    for (const r of rows) out[r.stage] = r.n;
    return out;
  }
}

/** Counts of a partnership's problems, for home pages and dashboards. */
@Injectable()
export class ProblemStatsService {
  constructor(private readonly repository: ProblemStatsRepository) {}

  stageCounts(partnershipId: string): Promise<Record<ProblemStage, number>> {
    return this.repository.countByStage(partnershipId);
  }
}
