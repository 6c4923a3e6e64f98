import type { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { checkHeader, ImportFileError } from './import-rows';
import type { ImportFormat } from './intake.constants';

/** One record of a CSV file, with its line (1 = the header) and its row number (1 = the first data row). */
export interface CsvRecord {
  record: Record<string, string>;
  line: number;
  row: number;
}

/**
 * Streams a CSV file record by record (csv-parse), never holding the file:
 * the header is checked against the format's columns, a malformed record
 * (an unterminated quote, a row with too many or too few fields) is an
 * ImportFileError naming its line. The stream waits while the consumer
 * works on a record (back-pressure).
 */
export async function* csvRecords(source: Readable, format: ImportFormat): AsyncGenerator<CsvRecord> {
  const parser = source.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => checkHeader(format, header),
      info: true,
      skip_empty_lines: true,
      relax_quotes: false,
    }),
  );
  source.on('error', (err) => parser.destroy(err));
  let rows = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      rows++;
      yield { record, line: info.lines, row: rows };
    }
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    if (err instanceof CsvError) {
      const line = Number((err as unknown as { lines?: number }).lines ?? 0) || rows + 1;
      throw new ImportFileError({ line, reason: err.message.replace(/^Invalid [^:]*: /, '') });
    }
    throw err;
  } finally {
    source.unpipe(parser);
    parser.destroy();
  }
}

/** csvRecords with a callback (which may be async) for each record. */
export async function readCsv(
  source: Readable,
  format: ImportFormat,
  onRow: (record: Record<string, string>, line: number, row: number) => void | Promise<void>,
): Promise<{ rows: number }> {
  let rows = 0;
  for await (const { record, line, row } of csvRecords(source, format)) {
    rows = row;
    await onRow(record, line, row);
  }
  return { rows };
}
