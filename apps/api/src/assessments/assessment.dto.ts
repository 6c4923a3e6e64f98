/** The assessment DTOs, one file per resource. */
export * from './assessment-record.dto';
export * from './assessment-priorities.dto';
export * from './assessment-reviews.dto';
