/** The tasking DTOs, one file per resource. */
export * from './tasking-groups.dto';
export * from './tasking-meetings.dto';
export * from './tasking-actions.dto';
export * from './tasking-performance.dto';
export * from './tasking-agenda.dto';
