import { IncidentsController } from './incidents.controller';

/** The intake context's controllers (app.module.ts lists them). */
export const INTAKE_CONTROLLERS = [IncidentsController];
