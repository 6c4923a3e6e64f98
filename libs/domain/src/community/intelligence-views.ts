import { storedActor, type Actor, type Role } from '@app/core/security';
import type { HandlingCode, IntelligenceAssessment, SourceEvaluation, SourceKind } from './community.constants';
import type { Reader } from './handling';
import type { IntelligenceItem } from './intelligence.entity';
import type { IntelligenceSummaryRow } from './intelligence.repository';

/** The three grades written together, e.g. `1-A-P`. */
export function gradeOf(item: { sourceEvaluation: SourceEvaluation; intelligenceAssessment: IntelligenceAssessment; handlingCode: HandlingCode }): string {
  return `${item.sourceEvaluation}-${item.intelligenceAssessment}-${item.handlingCode}`;
}

/**
 * What someone who may not read an item sees of it where it is linked (a
 * problem, the intelligence requirement): its grade, category, area and
 * date. The id is given only to those who may open it.
 */
export interface IntelligenceSummary {
  id: string | null;
  readable: boolean;
  grade: string;
  sourceEvaluation: SourceEvaluation;
  intelligenceAssessment: IntelligenceAssessment;
  handlingCode: HandlingCode;
  category: string;
  areaCode: string | null;
  reportedOn: string;
}

export function summaryOf(row: IntelligenceSummaryRow): IntelligenceSummary {
  return {
    id: row.readable ? row.id : null,
    readable: row.readable,
    grade: gradeOf(row),
    sourceEvaluation: Number(row.sourceEvaluation) as SourceEvaluation,
    intelligenceAssessment: row.intelligenceAssessment,
    handlingCode: row.handlingCode,
    category: row.category,
    areaCode: row.areaCode,
    reportedOn: row.reportedOn,
  };
}

export interface IntelligenceItemView {
  id: string;
  reportedOn: string;
  category: string;
  areaCode: string | null;
  locationLabel: string | null;
  content: string;
  grade: string;
  sourceEvaluation: SourceEvaluation;
  intelligenceAssessment: IntelligenceAssessment;
  handlingCode: HandlingCode;
  handlingConditions: { text: string; roles: Role[]; agencyIds: string[] } | null;
  /** The source's id and handle: custodians only (null for everyone else, and when no source is recorded). */
  sourceId: string | null;
  sourceHandle: string | null;
  sourceKind: SourceKind | null;
  problemId: string | null;
  controlStrategyPriorityId: string | null;
  strategicAssessmentId: string | null;
  requirementIndex: number | null;
  recordedBy: Actor;
  createdAt: Date;
}

export function itemView(item: IntelligenceItem, reader: Reader, source: { handle: string; kind: SourceKind } | undefined): IntelligenceItemView {
  const showSource = reader.custodian && item.sourceId !== null;
  return {
    id: item.id,
    reportedOn: item.reportedOn,
    category: item.category,
    areaCode: item.areaCode,
    locationLabel: item.locationLabel,
    content: item.content,
    grade: gradeOf(item),
    sourceEvaluation: Number(item.sourceEvaluation) as SourceEvaluation,
    intelligenceAssessment: item.intelligenceAssessment,
    handlingCode: item.handlingCode,
    handlingConditions:
      item.handlingCode === 'C' ? { text: item.handlingConditions!, roles: item.handlingRoles as Role[], agencyIds: item.handlingAgencyIds } : null,
    sourceId: showSource ? item.sourceId : null,
    sourceHandle: showSource ? (source?.handle ?? null) : null,
    sourceKind: showSource ? (source?.kind ?? null) : null,
    problemId: item.problemId,
    controlStrategyPriorityId: item.controlStrategyPriorityId,
    strategicAssessmentId: item.strategicAssessmentId,
    requirementIndex: item.requirementIndex,
    recordedBy: storedActor(item.createdByType, item.createdById),
    createdAt: item.createdAt,
  };
}
