/**
 * Part 6 of `npm run bench` (issue 18): `/导出 工单` of a month of 10,000 tickets, each with a few
 * events, built into an .xlsx by exceljs (core/export), against writing the same cells as CSV with
 * plain string joins in the same run. Pure: the rows are made in memory (the query is the same as
 * `/统计`'s month scan), so the figure is the cost of the file itself. Run alone with
 * `npx tsx bench/export.ts`: it prints its figures as one JSON line.
 */
import { pathToFileURL } from 'node:url';
import { type TicketExportRow, ticketSheets } from '../core/export/sheets.js';
import { buildWorkbook, type SheetSpec } from '../core/export/workbook.js';
import { formatDateTime } from '../core/time/index.js';
import type { Ticket } from '../db/schema.js';
import { median, scaled } from './stats.js';

const TZ = 'Asia/Shanghai';
const MIN = 60_000;
const MONTH_START = Date.UTC(2026, 9, 31, 16); // 2026-11-01 00:00 in Shanghai

function ticketAt(i: number): TicketExportRow {
  const filedAt = MONTH_START + i * 4 * MIN;
  const closed = i % 5 !== 0;
  const ticket: Ticket = {
    id: i + 1,
    compoundId: 1,
    no: i + 1,
    roomId: 'sunshine-owners@chatroom',
    reporterId: `wxid_owner_${i % 300}`,
    filedBy: `wxid_owner_${i % 300}`,
    description: `${(i % 30) + 1}号楼${(i % 4) + 1}单元楼道灯不亮, 电话 138 ${String(1000 + (i % 9000))} 5678`,
    category: ['维修', '环境卫生', '安全', '噪音', '停车'][i % 5] as string,
    ticketClass: i % 10 === 0 ? 'major' : 'general',
    classProvisional: false,
    status: closed ? 'closed' : 'assigned',
    assigneeId: 'wxid_shifu_wang',
    filedAt,
    responseDueAt: filedAt + 5 * MIN,
    solveDueAt: filedAt + (i % 10 === 0 ? 240 : 30) * MIN,
    assignedAt: filedAt + 3 * MIN,
    respondedAt: filedAt + 3 * MIN,
    onSiteAt: filedAt + 8 * MIN,
    resolvedAt: closed ? filedAt + 25 * MIN : null,
    closedAt: closed ? filedAt + 60 * MIN : null,
    pausedAt: null,
    pausedMs: 0,
    pauseReason: null,
    plan: null,
    escalatedAt: null,
    escalationReason: null,
    score: closed ? (i % 5) + 1 : null,
    feedback: closed ? '师傅来得很快, 谢谢' : null,
    reworkCount: 0,
    lastUrgedAt: null,
    updatedAt: filedAt + 60 * MIN,
  };
  const events: TicketExportRow['events'] = [
    { kind: 'filed', at: filedAt, actorName: `业主${i % 300}`, note: null },
    { kind: 'taken', at: filedAt + 3 * MIN, actorName: '王师傅', note: null },
    { kind: 'arrived', at: filedAt + 8 * MIN, actorName: '王师傅', note: null },
    ...(closed
      ? [
          { kind: 'resolved' as const, at: filedAt + 25 * MIN, actorName: '王师傅', note: '换了灯泡' },
          { kind: 'confirmed' as const, at: filedAt + 60 * MIN, actorName: `业主${i % 300}`, note: '5分' },
        ]
      : []),
  ];
  return { ticket, compoundName: '阳光花园', assigneeName: '王师傅', events };
}

/** The baseline: every sheet as CSV, cells joined by commas, dates as local text. */
function csvOf(sheets: readonly SheetSpec[]): string[] {
  return sheets.map((s) => {
    const lines = [s.columns.map((c) => c.header).join(',')];
    for (const row of s.rows) {
      lines.push(
        row
          .map((v, i) => {
            if (v === null) return '';
            if (s.columns[i]?.kind === 'date') return formatDateTime(Number(v), TZ);
            const text = String(v);
            return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
          })
          .join(','),
      );
    }
    return lines.join('\n');
  });
}

export async function exportBench(n = scaled(10_000), rounds = 3) {
  const rows = Array.from({ length: n }, (_, i) => ticketAt(i));
  const now = MONTH_START + 31 * 24 * 60 * MIN;
  const xlsxTimes: number[] = [];
  const csvTimes: number[] = [];
  let xlsxBytes = 0;
  let csvBytes = 0;
  // Untimed first round of each: module loading and JIT are not the export's cost.
  for (let r = 0; r <= rounds; r++) {
    let t0 = performance.now();
    const file = await buildWorkbook(ticketSheets(rows, now), TZ, now);
    if (r > 0) xlsxTimes.push(performance.now() - t0);
    xlsxBytes = file.length;
    t0 = performance.now();
    const csv = csvOf(ticketSheets(rows, now)).map((s) => Buffer.from(s, 'utf8'));
    if (r > 0) csvTimes.push(performance.now() - t0);
    csvBytes = csv.reduce((sum, b) => sum + b.length, 0);
  }
  const events = rows.reduce((sum, r) => sum + r.events.length, 0);
  return {
    tickets: n,
    events,
    rounds,
    xlsxMs: median(xlsxTimes),
    csvMs: median(csvTimes),
    xlsxBytes,
    csvBytes,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await exportBench()));
}
