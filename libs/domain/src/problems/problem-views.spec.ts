import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { ProblemRecord } from './problem-record';
import { arrangeProblem } from './problem-views';

const at = new Date('2026-01-15T10:00:00Z');

function record(personal = true): ProblemRecord {
  const triangle = {
    offender: 'Group of 6-8 teenagers',
    handler: 'Parents, youth service',
    victim: 'Shop staff',
    guardian: 'Shop managers',
    location: 'Loudoun Sq shops',
    manager: 'Council estates',
  };
  return {
    id: 'p1',
    partnershipId: 'cdf',
    reference: 'CDF-P-0001',
    title: 'ASB at the shops',
    description: 'Evenings',
    objective: 'Halve reports',
    category: 'anti-social-behaviour',
    source: 'complaint',
    locations: [{ code: 'W05001289', label: 'Loudoun Square', lat: null, lng: null }],
    controlStrategyPriorityId: 'csp1',
    controlStrategyPriority: { id: 'csp1', title: 'ASB hotspots', current: true },
    stage: 'closed',
    stageChangedAt: at,
    plannedAssessmentDate: '2026-06-30',
    unevaluated: false,
    analysis: {
      triangle: personal ? triangle : null,
      sidesAnalysed: ['offender', 'victim', 'location'],
      repeatPatterns: ['repeat_location', 'repeat_victim'],
      baseline: { measure: 'ASB incidents', periodStart: '2025-10-01', periodEnd: '2025-12-31', value: 40 },
      updatedAt: at,
    },
    responses: [
      {
        id: 'r1',
        problemId: 'p1',
        description: 'Patrols',
        type: 'enforcement',
        ownerAgencyId: 'police',
        startDate: '2026-02-01',
        endDate: null,
        status: 'delivered',
        version: 2,
        createdAt: at,
        updatedAt: at,
      },
      {
        id: 'r2',
        problemId: 'p1',
        description: 'Shutters',
        type: 'target_hardening',
        ownerAgencyId: 'council',
        startDate: '2026-02-01',
        endDate: '2026-03-01',
        status: 'cancelled',
        version: 1,
        createdAt: at,
        updatedAt: at,
      },
      {
        id: 'r3',
        problemId: 'p1',
        description: 'Youth club',
        type: 'diversion',
        ownerAgencyId: 'police',
        startDate: '2026-02-01',
        endDate: null,
        status: 'in_progress',
        version: 1,
        createdAt: at,
        updatedAt: at,
      },
    ],
    evaluation: {
      process: [
        { responseId: 'r1', delivered: true, note: personal ? 'As planned' : null },
        { responseId: 'r3', delivered: false, note: personal ? 'Venue closed' : null },
      ],
      impact: { measure: 'ASB incidents', periodStart: '2026-04-01', periodEnd: '2026-06-30', value: 30, result: 'reduced' },
      change: { measure: 'ASB incidents', baseline: 40, impact: 30, absolute: -10, percent: -25, baselineDays: 92, impactDays: 91 },
      displacement: { kinds: ['none'], note: null },
      diffusionOfBenefits: personal ? 'Fewer calls nearby' : null,
      lessons: personal ? 'Start with the shop managers' : null,
      current: true,
      evaluatedAt: at,
      evaluatedBy: { type: 'user', id: 'u1' },
    },
    personalDataWithheld: !personal,
    version: 9,
    createdAt: at,
    updatedAt: at,
  };
}

const headings = (model: Parameters<typeof arrangeProblem>[1]) => arrangeProblem(record(), model).sections.map((s) => s.heading);
const content = (model: Parameters<typeof arrangeProblem>[1], key: string) => arrangeProblem(record(), model).sections.find((s) => s.key === key)!.content;

describe('problem-solving models as views of one record', () => {
  it("use each model's headings in its order", () => {
    assert.deepEqual(headings('sara'), ['Scanning', 'Analysis', 'Response', 'Assessment']);
    assert.deepEqual(headings('osara'), ['Objective', 'Scanning', 'Analysis', 'Response', 'Assessment']);
    assert.deepEqual(headings('proctor'), ['Problem', 'Cause', 'Tactic/Treatment', 'Output', 'Result']);
    assert.deepEqual(headings('capra'), ['Clients', 'Acquire/Analyse information', 'Partnerships', 'Response', 'Assessment']);
    assert.deepEqual(headings('5is'), ['Intelligence', 'Intervention', 'Implementation', 'Involvement', 'Impact']);
  });

  it('OSARA puts the objective, the priority it serves and the measure first', () => {
    assert.deepEqual(content('osara', 'objective'), {
      objective: 'Halve reports',
      controlStrategyPriority: { id: 'csp1', title: 'ASB hotspots', current: true },
      measure: 'ASB incidents',
      plannedAssessmentDate: '2026-06-30',
    });
  });

  it('PROCTOR: the triangle is the cause, the responses the treatment, their delivery the output, the evaluation the result', () => {
    assert.equal((content('proctor', 'cause').triangle as Record<string, string>).offender, 'Group of 6-8 teenagers');
    assert.deepEqual(
      (content('proctor', 'tactic').responses as { id: string }[]).map((r) => r.id),
      ['r1', 'r2', 'r3'],
    );
    assert.deepEqual(
      (content('proctor', 'output').responses as { id: string; delivered: boolean | null }[]).map((r) => [r.id, r.delivered]),
      [
        ['r1', true],
        ['r2', null],
        ['r3', false],
      ],
    );
    assert.equal(content('proctor', 'result').result, 'reduced');
    assert.equal((content('proctor', 'result').change as { percent: number }).percent, -25);
  });

  it('CAPRA: clients are the victims and their guardians; partnerships the agencies with responses', () => {
    assert.deepEqual(content('capra', 'clients'), {
      source: 'complaint',
      locations: [{ code: 'W05001289', label: 'Loudoun Square', lat: null, lng: null }],
      victim: 'Shop staff',
      guardian: 'Shop managers',
      repeatVictimisation: true,
    });
    assert.deepEqual(content('capra', 'partnerships').agencyIds, ['police', 'council']);
  });

  it('the 5Is: intelligence gathers scanning and analysis; impact the evaluation', () => {
    const intelligence = content('5is', 'intelligence');
    assert.equal(intelligence.title, 'ASB at the shops');
    assert.deepEqual(intelligence.repeatPatterns, ['repeat_location', 'repeat_victim']);
    assert.deepEqual(content('5is', 'involvement').agencyIds, ['police', 'council']);
    assert.equal(content('5is', 'impact').lessons, 'Start with the shop managers');
  });

  it('keeps withheld fields withheld in every view', () => {
    for (const model of ['sara', 'osara', 'proctor', 'capra', '5is'] as const) {
      const view = arrangeProblem(record(false), model);
      assert.equal(view.personalDataWithheld, true);
      const text = JSON.stringify(view);
      for (const secret of ['teenagers', 'Shop staff', 'Venue closed', 'shop managers', 'Fewer calls'])
        assert.ok(!text.includes(secret), `${model} leaks ${secret}`);
    }
  });
});
