/** The problem DTOs, one file per resource. */
export * from './problem-record.dto';
export * from './problem-analysis.dto';
export * from './problem-responses.dto';
export * from './problem-evaluation.dto';
export * from './problem-categories.dto';
