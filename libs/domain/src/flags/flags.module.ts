import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { FlagScanRepository } from './flag-scan.repository';
import { FlagScanService, SCANNER_REGISTRY } from './flag-scan.service';
import { FlagsRepository } from './flags.repository';
import { FlagsService } from './flags.service';
import { ScannerRegistry, type ScannerDefinition } from './scanner';

/** Flags: list, acknowledge, raise and resolve (in the caller's transaction). */
@Module({ imports: [AuditModule], providers: [FlagsRepository, FlagsService], exports: [FlagsService] })
export class FlagsModule {}

/**
 * The scanners, for processes with the cross-partnership connection (the
 * worker, the CLI): those given, usually SCANNERS (libs/domain/src/scanners.ts,
 * which lists every context's) and any a test adds. Flags do not import that
 * list: it imports every context, and the contexts import flags.
 */
@Module({})
export class FlagScanModule {
  static forRoot(scanners: readonly ScannerDefinition[]): DynamicModule {
    return {
      module: FlagScanModule,
      providers: [{ provide: SCANNER_REGISTRY, useFactory: () => new ScannerRegistry([...scanners]) }, FlagScanRepository, FlagScanService],
      exports: [FlagScanService, SCANNER_REGISTRY],
    };
  }
}
