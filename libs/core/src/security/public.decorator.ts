import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'csp:public';

/** Marks a route (or controller) that needs no authentication, such as health checks. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
