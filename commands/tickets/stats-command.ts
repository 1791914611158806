import { type TicketClass, ticketClasses, ticketClassNames } from '../../core/classify/index.js';
import { monthNote, monthWords, type MonthWhich as Which } from '../../core/tickets/month-words.js';
import {
  formatRate,
  formatScore,
  monthRange,
  type TicketFigures,
  ticketFigures,
} from '../../core/tickets/stats.js';
import { formatDuration } from '../../core/time/index.js';
import { argSchema, fail, lookupWord, tokens } from '../args.js';
import { defineCommand } from '../define.js';

/** Tickets whose window is still open are neither on time nor late yet; say how many wait. */
const waiting = (n: number) => (n > 0 ? `${n} 件未到时限` : '');
const notes = (parts: readonly string[]) => (parts.length === 0 ? '' : ` (${parts.join(', ')})`);

const orDash = (ms: number | null) => (ms === null ? '—' : formatDuration(ms));

function classLine(f: TicketFigures): string | null {
  const parts = ticketClasses
    .filter((c: TicketClass) => f.byClass[c].filed > 0)
    .map((c) => {
      const k = f.byClass[c];
      return `${ticketClassNames[c]} ${k.filed} (解决 ${k.solved}, 按时 ${k.solvedOnTime})`;
    });
  return parts.length === 0 ? null : `分类: ${parts.join('; ')}`;
}

function managerLines(f: TicketFigures): string[] {
  if (f.byManager.length === 0) return [];
  return [
    '物业人员 (解决/按时, 满意度):',
    ...f.byManager.map(
      (m) =>
        `· ${m.name}: 接单 ${m.assigned}, 解决 ${m.solved}/按时 ${m.solvedOnTime}, 满意度 ${m.avgScore === null ? '暂无' : formatScore(m.avgScore)}`,
    ),
  ];
}

/**
 * The `/统计` reply (SPEC "`/统计`"): one compact block. Figures that would read "0 of 0" say
 * 暂无 instead, and a month without any ticket activity says so in one line.
 */
export function formatFigures(f: TicketFigures, heading: string, which: Which): string {
  const quiet = f.filed === 0 && f.rework === 0 && f.escalations === 0 && f.pauses === 0 && f.scored === 0;
  if (quiet) return `${heading}\n${which === '本月' ? '本月还没有工单。' : '上月没有工单。'}`;
  const lines = [heading];
  if (f.filed === 0) {
    lines.push('没有新提交的工单。');
  } else {
    lines.push(`提交 ${f.filed}, 解决 ${f.solved}, 未解决 ${f.filed - f.solved}`);
    const solveNotes = [
      f.onTimeRate === null ? '' : `按时解决 ${f.solvedOnTime}/${f.solveJudged}`,
      waiting(f.filed - f.solveJudged),
    ].filter((n) => n !== '');
    const solveRate = `${f.onTimeRate === null ? '暂无' : formatRate(f.onTimeRate)}${notes(solveNotes)}`;
    const responseRate = `${f.responseJudged === 0 ? '暂无' : `${f.respondedOnTime}/${f.responseJudged}`}${notes([waiting(f.filed - f.responseJudged)].filter((n) => n !== ''))}`;
    lines.push(`按时率 ${solveRate}, 按时响应 ${responseRate}`);
    lines.push(`中位时长: 响应 ${orDash(f.medianResponseMs)}, 解决 ${orDash(f.medianSolveMs)}`);
  }
  lines.push(`返工 ${f.rework}, 吹哨 ${f.escalations}, 暂停 ${f.pauses}`);
  lines.push(
    f.avgScore === null
      ? '满意度: 暂无评分'
      : `满意度 ${formatScore(f.avgScore)} 分 (${f.scored} 人评分${f.lowScores > 0 ? `, 差评 ${f.lowScores}` : ''})`,
  );
  const byClass = classLine(f);
  if (byClass) lines.push(byClass);
  lines.push(...managerLines(f));
  return lines.join('\n');
}

/** `/统计 [本月|上月]`: the compound's ticket figures of this or last local month, for everyone. */
export const statsCommand = defineCommand({
  name: '统计',
  aliases: ['stats'],
  usage: '/统计 [本月|上月]',
  summary: '本小区的工单统计: 按时率、返工、吹哨、满意度、各物业人员',
  examples: ['/统计', '/统计 上月'],
  who: 'anyone',
  scope: 'compound',
  args: argSchema((input) => {
    const words = tokens(input.text);
    if (words.length === 0) return { which: '本月' as Which };
    const which = words.length === 1 ? lookupWord(monthWords, words[0]?.toLowerCase()) : undefined;
    if (which === undefined) fail('只能统计本月或上月。');
    return { which };
  }),
  async run(ctx, { which }) {
    const range = monthRange(ctx.now, ctx.tz, which);
    const figures = await ticketFigures(ctx.db, ctx.compound.id, range, ctx.now);
    return formatFigures(
      figures,
      `${ctx.compound.name} ${range.label}工单统计 ${monthNote(which, ctx.now, ctx.tz)}`,
      which,
    );
  },
});
