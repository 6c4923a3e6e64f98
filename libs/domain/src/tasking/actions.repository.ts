import { Injectable } from '@nestjs/common';
import { AggregateRepository, TransactionHost } from '@app/core';
import { nextReferenceNumber } from '../shared/sql';
import { Action, ActionStatusChange } from './action.entity';

export type ActionRow = Pick<
  Action,
  | 'id'
  | 'partnershipId'
  | 'number'
  | 'reference'
  | 'meetingId'
  | 'title'
  | 'ownerAgencyId'
  | 'ownerName'
  | 'dueDate'
  | 'status'
  | 'problemId'
  | 'controlStrategyPriorityId'
  | 'completedAt'
  | 'createdByType'
  | 'createdById'
>;

export type ActionStatusChangeRow = Pick<
  ActionStatusChange,
  'id' | 'partnershipId' | 'actionId' | 'fromStatus' | 'toStatus' | 'note' | 'actorType' | 'actorId' | 'changedAt'
>;

/**
 * Every write, and the reads changes need, on actions, their status history
 * and the partnership's action reference counter. Lists are read by
 * ActionReadsRepository.
 */
@Injectable()
export class ActionsRepository extends AggregateRepository<Action> {
  constructor(tx: TransactionHost) {
    super(tx, Action, 'action');
  }

  /** The actions made in a meeting, in the order they were made. */
  ofMeeting(partnershipId: string, meetingId: string): Promise<Action[]> {
    return this.tx.manager.getRepository(Action).find({ where: { partnershipId, meetingId }, order: { number: 'ASC' } });
  }

  /**
   * The partnership's next action number. The counter row stays locked until
   * the transaction ends; a rollback gives the number back.
   */
  nextNumber(partnershipId: string): Promise<number> {
    return nextReferenceNumber(this.tx.manager, 'action_reference_counters', partnershipId);
  }

  async insert(action: ActionRow): Promise<void> {
    await this.tx.manager.getRepository(Action).insert(action);
  }

  async insertStatusChange(change: ActionStatusChangeRow): Promise<void> {
    await this.tx.manager.getRepository(ActionStatusChange).insert(change);
  }

  /** The action's status changes, oldest first. */
  history(actionId: string): Promise<ActionStatusChange[]> {
    return this.tx.manager.getRepository(ActionStatusChange).find({ where: { actionId }, order: { changedAt: 'ASC', id: 'ASC' } });
  }
}
