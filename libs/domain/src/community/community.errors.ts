import { ConflictProblem, RuleViolation } from '@app/core';
import type { EngagementIssueStatus } from './community.constants';

/**
 * The community context's refusals: the codes become the end of the problem
 * details `type` at the HTTP edge (422 for a rule, 409 for a state).
 */
export const CommunityRefusals = {
  unknownCategory: (category: string) =>
    new RuleViolation('unknown-category', `${category} is not one of this partnership's problem categories (GET .../problem-categories).`, { category }),
  agencyNotInPartnership: (agencyIds: string[]) =>
    new RuleViolation('agency-not-in-partnership', `${agencyIds.join(', ')} ${agencyIds.length === 1 ? 'is not an agency' : 'are not agencies'} of this partnership.`, { agencyIds }),
  dateInFuture: (field: string, date: string, today: string) =>
    new RuleViolation('date-in-future', `${field} ${date} is after today (${today}, Europe/London): record what has happened.`, { [field]: date, today }),
  unknownProblem: (problemId: string) => new RuleViolation('unknown-problem', `${problemId} is not a problem of this partnership.`, { problemId }),
  priorityNotCurrent: (priorityId: string) =>
    new RuleViolation('priority-not-current', "priorityId must be a priority of the partnership's current control strategy.", { priorityId }),
  noApprovedAssessment: () =>
    new RuleViolation('no-approved-assessment', 'requirementIndex refers to the approved strategic assessment\'s intelligence requirement, and none is approved: give strategicAssessmentId.'),
  unknownAssessment: (id: string) => new RuleViolation('unknown-assessment', `${id} is not a strategic assessment of this partnership.`, { strategicAssessmentId: id }),
  unknownRequirement: (index: number, count: number) =>
    new RuleViolation('unknown-requirement', `The assessment's intelligence requirement has ${count} item(s): requirementIndex ${index} is not one of them (0-based).`, {
      requirementIndex: index,
      requirementCount: count,
    }),
  unknownSource: (sourceId: string) => new RuleViolation('unknown-source', `${sourceId} is not an intelligence source of this partnership.`, { sourceId }),
  issueNotOpen: (status: EngagementIssueStatus) =>
    new ConflictProblem('engagement-issue-not-open', `The issue is ${status}: only an open issue is nominated, linked or closed.`, { status }),
  linkNeedsTarget: () => new RuleViolation('link-target-required', 'Link the issue to a problem (problemId), a control strategy priority (priorityId), or both.'),
};
