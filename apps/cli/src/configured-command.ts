import { Inject } from '@nestjs/common';
import { CommandRunner } from 'nest-commander';
import { APP_CONFIG, type AppConfig } from '@app/core';

/** A command that needs only the validated configuration (Nest injects it). */
export abstract class ConfiguredCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) protected readonly config: AppConfig) {
    super();
  }
}
