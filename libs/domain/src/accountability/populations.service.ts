import { Injectable, Module } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { TransactionHost, invalidInput } from '@app/core';
import { AuditModule, AuditService } from '../audit';
import { PopulationsRepository } from './populations.repository';

/** The columns of the population file, as ONS mid-year estimate extracts name them (more columns are ignored). */
export const POPULATION_COLUMNS = ['code', 'name', 'year', 'population'] as const;

/** The largest population file accepted (the whole UK, every year since 1991, is under 2 MB). */
export const POPULATION_FILE_MAX_BYTES = 5_000_000;

export interface PopulationRow {
  code: string;
  name: string;
  year: number;
  population: number;
}

export interface PopulationLoad {
  /** Rows written (added or replaced) for the councils of Wales the product knows. */
  loaded: number;
  /** Rows of areas that are not a council the product knows (other nations, regions, wards): left out. */
  skipped: number;
  /** The codes left out, the first 20. */
  skippedCodes: string[];
}

export interface PopulationEntry extends PopulationRow {
  partnershipId: string;
  loadedAt: Date;
}

const AREA_CODE = /^[EWSN]\d{8}$/;

/** The rows of an ONS-style population CSV (`code,name,year,population`), checked: a bad line is a 400 naming it. */
export function parsePopulationCsv(text: string): PopulationRow[] {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
  } catch (err) {
    throw invalidInput([{ path: '(body)', message: `not a CSV file: ${(err as Error).message}` }]);
  }
  const [header] = records;
  if (header === undefined)
    throw invalidInput([{ path: '(body)', message: `no rows: the file needs a header (${POPULATION_COLUMNS.join(',')}) and at least one row` }]);
  const missing = POPULATION_COLUMNS.filter((c) => !(c in header));
  if (missing.length) throw invalidInput(missing.map((c) => ({ path: c, message: `the file has no ${c} column` })));
  const errors: { path: string; message: string }[] = [];
  const rows: PopulationRow[] = [];
  const seen = new Set<string>();
  for (const [i, r] of records.entries()) {
    const line = i + 2;
    // Every record has every column (the header is checked above; csv-parse refuses a short line).
    const { code: rawCode = '', population: rawPopulation = '' } = r;
    const code = rawCode.toUpperCase();
    const year = Number(r.year);
    const population = Number(rawPopulation.replace(/,/g, ''));
    if (!AREA_CODE.test(code)) errors.push({ path: `line ${line}: code`, message: 'an ONS area code such as W06000011' });
    if (!Number.isInteger(year) || year < 1981 || year > 2100) errors.push({ path: `line ${line}: year`, message: 'a year from 1981 to 2100' });
    if (!Number.isInteger(population) || population <= 0 || population > 100_000_000)
      errors.push({ path: `line ${line}: population`, message: 'a whole number of residents above 0' });
    if (seen.has(`${code}|${year}`)) errors.push({ path: `line ${line}`, message: `${code} ${year} is given twice` });
    seen.add(`${code}|${year}`);
    rows.push({ code, name: r.name || code, year, population });
  }
  if (errors.length) throw invalidInput(errors, 'The population file is not valid; nothing was loaded.');
  return rows;
}

/**
 * The resident population per council and year (ONS mid-year estimates),
 * the denominator of the rates per 1,000 residents. Loaded by a platform
 * admin (API or CLI), all or nothing, in one transaction; a council and year
 * loaded again is replaced.
 */
@Injectable()
export class PopulationsService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repository: PopulationsRepository,
    private readonly audit: AuditService,
  ) {}

  async load(text: string): Promise<PopulationLoad> {
    const rows = parsePopulationCsv(text);
    return this.tx.run(null, async () => {
      const known = await this.repository.councilCodes();
      const kept = rows.filter((r) => known.has(r.code));
      const skippedCodes = [...new Set(rows.filter((r) => !known.has(r.code)).map((r) => r.code))];
      await this.repository.upsert(kept);
      const result = { loaded: kept.length, skipped: rows.length - kept.length, skippedCodes: skippedCodes.slice(0, 20) };
      await this.audit.record({
        action: 'populations.loaded',
        partnershipId: null,
        target: { type: 'council_populations' },
        details: { loaded: result.loaded, skipped: result.skipped },
      });
      return result;
    });
  }

  /** Every population held, by council and year. */
  list(): Promise<PopulationEntry[]> {
    return this.tx.run(null, () => this.repository.list());
  }
}

/** The population loader on its own (the CLI's command). */
@Module({ imports: [AuditModule], providers: [PopulationsRepository, PopulationsService], exports: [PopulationsService] })
export class PopulationsModule {}
