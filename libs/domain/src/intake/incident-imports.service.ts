import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, Clock, CommonErrors, TransactionHost, invalidInput, isUuid, notFound, uuidv7, type AppConfig } from '@app/core';
import { readCreatedPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { actorOf, currentPrincipal } from '@app/core/security';
import { AuditService } from '../audit';
import { OutboxService } from '../notifications';
import { PartnershipsService } from '../partnerships';
import { csvRecords, readCsv } from './csv-reader';
import { IncidentStageRepository, stageLine } from './incident-stage.repository';
import { prepareIncident } from './incident-rules';
import { IncidentImportsRepository, type ImportCounts, type ImportRow } from './incident-imports.repository';
import { faultError, ImportFileError, mapRow, normaliseCouncil, type FileFault, type MappedRow } from './import-rows';
import { INTAKE_LIMITS, type ImportFormat } from './intake.constants';
import { SubjectKeys } from './subject-keys';

export interface ImportOutcome {
  importId: string;
  state: 'completed' | 'failed' | 'skipped';
  counts?: ImportCounts;
}

/** Rows read between two progress reports during an import. */
const PROGRESS_EVERY = 1000;

/**
 * CSV imports of incidents: the data.police.uk street-level layout exactly
 * as published, or the generic incident CSV (docs/intake.md).
 *
 * - The API streams the upload to DATA_DIR/imports while checking its shape
 *   (header, record lengths, types): a malformed file is refused there (400
 *   naming the line and column) and nothing is kept; otherwise the import is
 *   queued (202) and the worker runs it.
 * - The worker streams the file again in ONE transaction (all or nothing):
 *   each row is parsed, checked and mapped as it comes (subject keys hashed
 *   here), COPYed into a staging table, and the staged rows are moved into
 *   incidents by set-based statements. A police.uk row
 *   belongs to the partnership whose council its LSOA name names; rows of
 *   other areas count as outsideArea; rows without a location are kept (they
 *   count towards no location); rows of an unknown crime type or category
 *   are rejected with their line and reason. Re-importing a file adds
 *   nothing (alreadyHeld).
 */
@Injectable()
export class IncidentImportsService {
  private readonly logger = new Logger('IncidentImports');

  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: IncidentImportsRepository,
    private readonly stage: IncidentStageRepository,
    private readonly partnerships: PartnershipsService,
    private readonly keys: SubjectKeys,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private pathOf(id: string): string {
    return join(this.config.intake.uploadsDir, `${id}.csv`);
  }

  /**
   * Streams an upload to DATA_DIR/imports while csv-parse checks it row by
   * row (`onRow` may look at each mapped row); a fault removes the file and
   * becomes a 400 naming the line and column.
   */
  private async receive(
    format: ImportFormat,
    body: Readable,
    onRow: (mapped: MappedRow) => void = () => undefined,
    finish: () => Promise<void> = async () => undefined,
  ): Promise<{ id: string; path: string; contentHash: string; size: number }> {
    const id = uuidv7();
    await mkdir(this.config.intake.uploadsDir, { recursive: true });
    const path = this.pathOf(id);
    const file = createWriteStream(path, { flags: 'wx' });
    const hash = createHash('sha256');
    let size = 0;
    const maxBytes = this.config.intake.maxImportBytes;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) return done(CommonErrors.payloadTooLarge.error(`The file is larger than ${maxBytes} bytes (IMPORT_MAX_BYTES); nothing was kept.`));
        hash.update(chunk);
        // Refused already (a bad row, or a write fault): what the source still sends goes nowhere.
        if (file.destroyed) return done();
        if (file.write(chunk)) done(null, chunk);
        else file.once('drain', () => done(null, chunk));
      },
    });
    body.on('error', (err) => tap.destroy(err));
    // A write fault (a full disk) ends the import as an error, never as an unhandled event.
    file.on('error', (err) => tap.destroy(err));
    try {
      await readCsv(body.pipe(tap), format, (record, line, row) => onRow(mapRow(format, record, line, row, '')));
      await new Promise<void>((resolve, reject) => file.end((err?: Error | null) => (err ? reject(err) : resolve())));
      if (size === 0) throw new ImportFileError({ line: 1, reason: 'the file is empty' });
      await finish();
    } catch (err) {
      // Stop reading first: a row fault is found while the source is still sending.
      body.unpipe(tap);
      tap.destroy();
      body.destroy();
      file.destroy();
      await unlink(path).catch(() => undefined);
      if (err instanceof ImportFileError) throw invalidInput([faultError(err.fault)], `The file cannot be imported: ${err.message}. Nothing was added.`);
      throw err;
    }
    return { id, path, contentHash: hash.digest('hex'), size };
  }

  private async queue(
    partnershipId: string,
    id: string,
    received: { contentHash: string; size: number },
    format: ImportFormat,
    routed: boolean,
  ): Promise<ImportRow> {
    const actor = actorOf(currentPrincipal());
    return this.tx.run(partnershipId, async () => {
      await this.repo.lockForCreation(id);
      await this.repo.insert({
        id,
        partnershipId,
        format,
        routed,
        contentHash: received.contentHash,
        sizeBytes: received.size,
        requestedByType: actor.type,
        requestedById: actor.id ?? '00000000-0000-0000-0000-000000000000',
        now: this.clock.now(),
      });
      await this.audit.record({
        action: 'incident_import.queued',
        target: { type: 'incident_import', id },
        details: { format, sizeBytes: received.size, routed },
      });
      return (await this.repo.find(partnershipId, id))!;
    });
  }

  /**
   * Streams an upload to disk while checking it; queues the import (the
   * caller enqueues the job). `finish` runs once the file is read (a form
   * may refuse what follows it): if it throws, nothing is kept.
   */
  async accept(partnershipId: string, format: ImportFormat, body: Readable, finish?: () => Promise<void>): Promise<ImportRow> {
    const received = await this.receive(format, body, undefined, finish);
    return this.queue(partnershipId, received.id, received, format, false);
  }

  /**
   * A force-wide data.police.uk file at platform level: one import per
   * partnership whose councils its rows name (each the same file, taking its
   * own rows); rows of no Welsh partnership's council, and rows without an
   * LSOA, belong to none. Called in a tenant-less transaction.
   */
  async acceptRouted(format: ImportFormat, body: Readable, finish?: () => Promise<void>): Promise<{ imports: ImportRow[]; unrouted: number }> {
    if (format !== 'police-uk-street') {
      throw invalidInput([
        {
          path: 'format',
          message: 'a platform-level import routes data.police.uk street-level files by their LSOA names; import a generic file into its partnership',
        },
      ]);
    }
    const councils = new Map((await this.partnerships.localAuthorities()).map((la) => [normaliseCouncil(la.name), la.partnershipId]));
    const touched = new Set<string>();
    let unrouted = 0;
    const received = await this.receive(
      format,
      body,
      (mapped) => {
        const pid = mapped.kind === 'incident' && mapped.council !== null ? councils.get(mapped.council) : undefined;
        if (pid) touched.add(pid);
        else unrouted++;
      },
      finish,
    );
    const imports: ImportRow[] = [];
    try {
      for (const pid of [...touched].sort()) {
        const id = uuidv7();
        await link(received.path, this.pathOf(id));
        imports.push(await this.queue(pid, id, received, format, true));
      }
    } finally {
      await unlink(received.path).catch(() => undefined);
    }
    return { imports, unrouted };
  }

  async get(partnershipId: string, id: string): Promise<ImportRow> {
    const row = isUuid(id) ? await this.repo.find(partnershipId, id.toLowerCase()) : null;
    if (!row) throw notFound('incident import');
    return row;
  }

  async list(partnershipId: string, query: PageQueryDto): Promise<Page<ImportRow>> {
    return readCreatedPage(
      query,
      (after, limit) => this.repo.list(partnershipId, { limit, after }),
      (r) => r,
    );
  }

  /**
   * Runs a queued import (the worker). Safe to run again: a finished import
   * is skipped, a half-run one was rolled back, and while one run holds the
   * import's run lock a second (a job handed out again as stalled) skips.
   */
  async run(
    partnershipId: string,
    id: string,
    options: { onProgress?: (progress: { rows: number; bytes: number; sizeBytes: number }) => void } = {},
  ): Promise<ImportOutcome> {
    const started = await this.tx.run(partnershipId, async () => {
      await this.repo.waitForCreation(id);
      const found = await this.repo.find(partnershipId, id);
      if (!found || !(await this.repo.markRunning(id, this.clock.now()))) return null;
      return found;
    });
    if (!started) return { importId: id, state: 'skipped' };
    try {
      const counts = await this.tx.run(partnershipId, async () => {
        if (!(await this.repo.tryLockRun(id))) return null;
        return this.importFile(started, options.onProgress);
      });
      if (!counts) {
        this.logger.warn(`import ${id} is being run by another worker; this run leaves it to that one`);
        return { importId: id, state: 'skipped' };
      }
      return { importId: id, state: 'completed', counts };
    } catch (err) {
      const fault = err instanceof ImportFileError ? err.fault : null;
      const reason = fault ? (err as Error).message : `The import failed: ${(err as Error).message}`;
      this.logger.warn(`import ${id} failed: ${reason}`);
      await this.tx.run(partnershipId, async () => {
        await this.repo.finish(
          id,
          'failed',
          { read: 0, added: 0, updated: 0, alreadyHeld: 0, outsideArea: 0, rejected: 0 },
          fault ? [fault] : [],
          reason,
          this.clock.now(),
        );
        await this.completed(started, 'failed', null);
      });
      await unlink(this.pathOf(id)).catch(() => undefined);
      return { importId: id, state: 'failed' };
    }
  }

  /**
   * Parses and checks the file as a stream, hashing subject keys here, and
   * COPYs each kept row into the transaction's staging table; then one
   * set-based pass moves them into incidents (IncidentStageRepository).
   */
  private async importFile(imp: ImportRow, onProgress?: (progress: { rows: number; bytes: number; sizeBytes: number }) => void): Promise<ImportCounts> {
    const partnershipId = imp.partnershipId;
    const hash = await this.keys.hasherFor(partnershipId);
    const councils = new Map((await this.partnerships.localAuthorities()).map((la) => [normaliseCouncil(la.name), la.partnershipId]));
    const counts: ImportCounts = { read: 0, added: 0, updated: 0, alreadyHeld: 0, outsideArea: 0, rejected: 0 };
    const rejections: FileFault[] = [];
    const reject = (fault: FileFault) => {
      counts.rejected++;
      if (rejections.length < INTAKE_LIMITS.rejectionsKept) rejections.push(fault);
    };
    let subjects = false;
    let staged = 0;
    const source = createReadStream(this.pathOf(imp.id));
    const sizeBytes = Number(imp.sizeBytes);
    async function* lines(): AsyncGenerator<string> {
      for await (const { record, line, row } of csvRecords(source, imp.format)) {
        counts.read++;
        if (onProgress && counts.read % PROGRESS_EVERY === 0) onProgress({ rows: counts.read, bytes: source.bytesRead, sizeBytes });
        const mapped = mapRow(imp.format, record, line, row, imp.contentHash);
        if (mapped.kind === 'rejected') {
          reject({ line, column: mapped.column, reason: mapped.reason });
          continue;
        }
        if ((mapped.council !== null && councils.get(mapped.council) !== partnershipId) || (imp.routed && mapped.council === null)) {
          counts.outsideArea++;
          continue;
        }
        const prepared = prepareIncident(mapped.input, hash, { importId: imp.id });
        if (!prepared.values) {
          reject({ line, reason: prepared.errors.map((e) => `${e.path}: ${e.message}`).join('; ') });
          continue;
        }
        if (prepared.values.subjects.length) subjects = true;
        staged++;
        yield stageLine(row, uuidv7(), prepared.values);
      }
    }
    await this.stage.copy(lines());
    const stored = await this.stage.store(partnershipId, this.clock.now(), { staged, subjects });
    counts.added = stored.created;
    counts.updated = stored.updated;
    counts.alreadyHeld = stored.unchanged + stored.repeated;
    onProgress?.({ rows: counts.read, bytes: sizeBytes, sizeBytes });
    await this.repo.finish(imp.id, 'completed', counts, rejections, null, this.clock.now());
    await this.completed(imp, 'completed', counts);
    await unlink(this.pathOf(imp.id)).catch(() => undefined);
    return counts;
  }

  private async completed(imp: ImportRow, state: 'completed' | 'failed', counts: ImportCounts | null): Promise<void> {
    await this.outbox.add({
      type: 'incident_import.completed',
      subject: { type: 'incident_import', id: imp.id },
      data: {
        importId: imp.id,
        state,
        format: imp.format,
        counts: counts && {
          read: counts.read,
          added: counts.added + counts.updated,
          alreadyHeld: counts.alreadyHeld,
          outsideArea: counts.outsideArea,
          rejected: counts.rejected,
        },
        link: `/api/v1/partnerships/${imp.partnershipId}/incident-imports/${imp.id}`,
      },
    });
  }
}
