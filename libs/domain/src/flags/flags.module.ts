import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SCANNERS } from '../scanners';
import { FlagScanService, SCANNER_REGISTRY } from './flag-scan.service';
import { FlagsRepository } from './flags.repository';
import { FlagsService } from './flags.service';
import { ScannerRegistry, type ScannerDefinition } from './scanner';

/** Flags: list, acknowledge, raise and resolve (in the caller's transaction). */
@Module({ imports: [AuditModule], providers: [FlagsRepository, FlagsService], exports: [FlagsService] })
export class FlagsModule {}

/**
 * The scanners, for processes with the cross-partnership connection (the
 * worker, the CLI): every scanner of SCANNERS, plus `extra` ones.
 */
@Module({})
export class FlagScanModule {
  static forRoot(extra: readonly ScannerDefinition[] = []): DynamicModule {
    return {
      module: FlagScanModule,
      providers: [{ provide: SCANNER_REGISTRY, useFactory: () => new ScannerRegistry([...SCANNERS, ...extra]) }, FlagScanService],
      exports: [FlagScanService, SCANNER_REGISTRY],
    };
  }
}
