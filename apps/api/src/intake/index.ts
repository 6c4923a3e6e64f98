import { IncidentImportsController, PlatformIncidentImportsController } from './incident-imports.controller';
import { IncidentSummaryController } from './incident-summary.controller';
import { IncidentsController } from './incidents.controller';
import { CsvBodyParser, IntakeProducer } from './intake-producer';
import { NominationDecisionsController, NominationsController } from './nominations.controller';
import { ReferralsController } from './referrals.controller';

/** The intake context's controllers and providers (app.module.ts lists them). */
export const INTAKE_CONTROLLERS = [
  IncidentsController,
  IncidentImportsController,
  PlatformIncidentImportsController,
  NominationsController,
  NominationDecisionsController,
  ReferralsController,
  IncidentSummaryController,
];
export const INTAKE_PROVIDERS = [IntakeProducer, CsvBodyParser];
