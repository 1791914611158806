/**
 * The .xlsx files of `/导出` (SPEC "The desk: a board page and Excel exports"): a committee keeps
 * its records in the files its members already use. A pure function of plain rows: what a sheet
 * holds is decided by the callers (core/export/sheets.ts), how it looks here, once for all:
 * Chinese headers, dates as real Excel dates showing the wall clock of `HGJ_TZ`, money as numbers
 * formatted ¥, a frozen header row, an autofilter over the rows and columns sized to their text.
 */
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import { toZoned, utcFromFields } from '../time/index.js';

const require = createRequire(import.meta.url);
let excelJs: typeof ExcelJS | null = null;

/**
 * exceljs, loaded by the first export, not when the bot starts (issue 14: the bot's RSS within
 * 1.3x of a bare Wechaty bot), as the picture library is: a bot exports a file when someone asks.
 */
function excel(): typeof ExcelJS {
  excelJs ??= require('exceljs') as typeof ExcelJS;
  return excelJs;
}

/**
 * What a column holds, and so how its cells are written:
 * - `text`: a string as is;
 * - `date`: epoch ms, shown as `yyyy-mm-dd hh:mm` in the zone;
 * - `money`: integer fen, written as yuan with the ¥ format (a number Excel can sum);
 * - `area`: integer 0.01 ㎡, written as ㎡ with two decimals;
 * - `number`: a plain number (minutes, counts, scores).
 */
export type ColumnKind = 'text' | 'date' | 'money' | 'area' | 'number';

export interface Column {
  header: string;
  kind: ColumnKind;
}

export type Cell = string | number | null;

/** A label and value below the rows (totals, thresholds), outside the filtered range. */
export interface FooterLine {
  label: string;
  value?: Cell;
  kind?: ColumnKind;
}

export interface SheetSpec {
  name: string;
  columns: readonly Column[];
  rows: readonly (readonly Cell[])[];
  /** Written after one blank row; label in the first column, value in the second. */
  footer?: readonly FooterLine[];
}

/** Excel's own formats; `"¥"` quoted so no locale turns it into another currency. */
export const NUMBER_FORMATS: Record<Exclude<ColumnKind, 'text'>, string> = {
  date: 'yyyy-mm-dd hh:mm',
  money: '"¥"#,##0.00;[Red]-"¥"#,##0.00',
  area: '#,##0.00',
  number: '0',
};

/**
 * An Excel date has no zone: it is the wall clock a reader sees. So an instant is written as the
 * wall clock of `tz` (a Date whose UTC fields are those local fields, which is how exceljs turns
 * a Date into a serial number), whatever the server's zone.
 */
export function excelDate(epochMs: number, tz: string): Date {
  const z = toZoned(epochMs, tz);
  return new Date(utcFromFields(z.year, z.month, z.day, z.hour, z.minute, z.second));
}

/** Characters that take two columns: CJK, Hangul, full-width forms. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** How wide a text shows, in Excel's column units (about one Latin character each). */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

const MIN_WIDTH = 6;
const MAX_WIDTH = 50;
/** Columns are sized from the first rows only: enough to see the shape, cheap for 10,000 rows. */
const WIDTH_SAMPLE = 200;

function shownText(kind: ColumnKind, value: Cell): string {
  if (value === null) return '';
  switch (kind) {
    case 'date':
      // Every date shows as yyyy-mm-dd hh:mm.
      return '2026-11-30 23:30';
    case 'money':
      // The ¥ and roughly the thousands separators.
      return `¥${(Number(value) / 100).toFixed(2)},`;
    case 'area':
      return (Number(value) / 100).toFixed(2);
    default:
      return String(value);
  }
}

function cellValue(kind: ColumnKind, value: Cell, tz: string): ExcelJS.CellValue {
  if (value === null || value === '') return null;
  switch (kind) {
    case 'date':
      return excelDate(Number(value), tz);
    case 'money':
    case 'area':
      // Integer fen and centi-㎡ stay exact until here; Excel keeps 15 digits, far beyond any ledger.
      return Number(value) / 100;
    default:
      return value;
  }
}

/**
 * The workbook as the bytes of an .xlsx file. `now` stamps its properties (no hidden clock).
 *
 * Written with exceljs's streaming writer, each row committed as it is added: a month of 10,000
 * tickets took 7.2 s and 1.4 GB with the in-memory workbook, which keeps an object per cell until
 * the end (measured with `npm run bench`, part 6); streamed it is a fraction of both. Inline
 * strings instead of the shared-string table keep the writer from holding every text.
 */
export async function buildWorkbook(sheets: readonly SheetSpec[], tz: string, now: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const wb = new (excel().stream.xlsx.WorkbookWriter)({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = '红管家';
  wb.created = excelDate(now, tz);
  wb.modified = wb.created;
  for (const spec of sheets) addSheet(wb, spec, tz);
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

function columnWidth(spec: SheetSpec, c: Column, i: number): number {
  let width = displayWidth(c.header);
  for (const row of spec.rows.slice(0, WIDTH_SAMPLE))
    width = Math.max(width, displayWidth(shownText(c.kind, row[i] ?? null)));
  for (const line of spec.footer ?? []) {
    if (i === 0) width = Math.max(width, displayWidth(line.label));
    if (i === 1) width = Math.max(width, displayWidth(shownText(line.kind ?? 'text', line.value ?? null)));
  }
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width + 2));
}

function addSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, spec: SheetSpec, tz: string): void {
  const ws = wb.addWorksheet(spec.name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  ws.columns = spec.columns.map((c, i) => ({
    width: columnWidth(spec, c, i),
    ...(c.kind === 'text' ? {} : { style: { numFmt: NUMBER_FORMATS[c.kind] } }),
  }));
  ws.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: spec.rows.length + 1, column: spec.columns.length },
  };
  const header = ws.addRow(spec.columns.map((c) => c.header));
  // The header cells are text whatever their column's format.
  header.eachCell((cell) => {
    cell.numFmt = 'General';
    cell.font = { bold: true };
  });
  header.commit();
  for (const row of spec.rows)
    ws.addRow(spec.columns.map((c, i) => cellValue(c.kind, row[i] ?? null, tz))).commit();
  if (spec.footer && spec.footer.length > 0) {
    ws.addRow([]).commit();
    for (const line of spec.footer) {
      const kind = line.kind ?? 'text';
      const row = ws.addRow([line.label, cellValue(kind, line.value ?? null, tz)]);
      row.getCell(1).font = { bold: true };
      row.getCell(1).numFmt = 'General';
      row.getCell(2).numFmt = kind === 'text' ? 'General' : NUMBER_FORMATS[kind];
      row.commit();
    }
  }
  ws.commit();
}
