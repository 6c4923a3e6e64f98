import { SetMetadata } from '@nestjs/common';
import type { JobName } from '@app/queue';

export const JOB_HANDLER = 'csp:job-handler';

/** Marks the method that handles one job name. Each job name needs exactly one. */
export const JobHandler = (name: JobName) => SetMetadata(JOB_HANDLER, name);
