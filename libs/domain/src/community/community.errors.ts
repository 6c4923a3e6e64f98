import { errorCatalogue, type DomainError } from '@app/core';
import { AssessmentErrors } from '../assessments';
import { PartnershipErrors } from '../partnerships';
import { ProblemErrors } from '../problems';
import { StrategyErrors } from '../strategy';
import type { EngagementIssueStatus } from './community.constants';

/** Refusals of the community context: engagements and their issues, intelligence and its sources, community figures. */
export const CommunityErrors = errorCatalogue('community', {
  dateInFuture: { kind: 'rule', summary: 'The date is after today (Europe/London): record what has happened.' },
  noApprovedAssessment: {
    kind: 'rule',
    summary: "requirementIndex refers to the approved strategic assessment's intelligence requirement, and none is approved.",
  },
  unknownRequirement: { kind: 'rule', summary: "requirementIndex is not an item of the assessment's intelligence requirement (0-based)." },
  unknownSource: { kind: 'rule', summary: "The intelligence source named is not one of the partnership's." },
  engagementIssueNotOpen: { kind: 'conflict', summary: 'Only an open issue is nominated, linked or closed.' },
  linkTargetRequired: { kind: 'rule', summary: 'Link the issue to a problem (problemId), a control strategy priority (priorityId), or both.' },
  handlingConditionsRequired: { kind: 'rule', summary: 'A C handling code needs its conditions recorded (handlingConditions).' },
  handlingConditionsNotAllowed: { kind: 'rule', summary: 'A P handling code carries no conditions.' },
  periodInverted: { kind: 'rule', summary: 'from is after to.' },
  periodTooLong: { kind: 'rule', summary: 'The period asked for is longer than the figures cover at once.' },
});

/**
 * The community context's refusals with their details and extensions, as
 * clients read them (the codes of other contexts' catalogues where they own them).
 */
export const CommunityRefusals = {
  unknownCategory: (category: string): DomainError =>
    ProblemErrors.unknownCategory.error(`${category} is not one of this partnership's problem categories (GET .../problem-categories).`, { category }),
  agencyNotInPartnership: (agencyIds: string[]): DomainError =>
    PartnershipErrors.agencyNotInPartnership.error(
      `${agencyIds.join(', ')} ${agencyIds.length === 1 ? 'is not an agency' : 'are not agencies'} of this partnership.`,
      { agencyIds },
    ),
  dateInFuture: (field: string, date: string, today: string): DomainError =>
    CommunityErrors.dateInFuture.error(`${field} ${date} is after today (${today}, Europe/London): record what has happened.`, { [field]: date, today }),
  unknownProblem: (problemId: string): DomainError => ProblemErrors.unknownProblem.error(`${problemId} is not a problem of this partnership.`, { problemId }),
  priorityNotCurrent: (priorityId: string): DomainError =>
    StrategyErrors.priorityNotCurrent.error("priorityId must be a priority of the partnership's current control strategy.", { priorityId }),
  noApprovedAssessment: (): DomainError =>
    CommunityErrors.noApprovedAssessment.error(
      "requirementIndex refers to the approved strategic assessment's intelligence requirement, and none is approved: give strategicAssessmentId.",
    ),
  unknownAssessment: (id: string): DomainError =>
    AssessmentErrors.unknownAssessment.error(`${id} is not a strategic assessment of this partnership.`, { strategicAssessmentId: id }),
  unknownRequirement: (index: number, count: number): DomainError =>
    CommunityErrors.unknownRequirement.error(
      `The assessment's intelligence requirement has ${count} item(s): requirementIndex ${index} is not one of them (0-based).`,
      {
        requirementIndex: index,
        requirementCount: count,
      },
    ),
  unknownSource: (sourceId: string): DomainError =>
    CommunityErrors.unknownSource.error(`${sourceId} is not an intelligence source of this partnership.`, { sourceId }),
  issueNotOpen: (status: EngagementIssueStatus): DomainError =>
    CommunityErrors.engagementIssueNotOpen.error(`The issue is ${status}: only an open issue is nominated, linked or closed.`, { status }),
  linkNeedsTarget: (): DomainError => CommunityErrors.linkTargetRequired.error(),
};
