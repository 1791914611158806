/**
 * The result of a poll or formal vote, as text and as a chart: live while it is open, frozen in
 * `polls.final` once closed (so a unit verified later does not move a closed result).
 */

import { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import type { Poll } from '../../db/schema-votes.js';
import { ballotChoices, ballotsOf, pollOptions, tallyUnits } from '../../db/votes.js';
import { oneLine } from '../display.js';
import { type Bar, type Block, renderDocument } from '../render/document.js';
import { formatDateTime } from '../time/index.js';
import { formatAreaCenti } from '../units/address.js';
import { formatDeadline, isOver, pollTitle } from './poll-text.js';
import {
  FORMAL_OPTIONS,
  type FormalTally,
  percent,
  type QuickTally,
  tallyFormal,
  tallyQuick,
} from './tally.js';

const weight = z.object({
  areaCenti: z.number().int().nonnegative(),
  owners: z.number().int().nonnegative(),
});
const finalSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('quick'),
    counts: z.array(z.number().int().nonnegative()),
    voters: z.number().int(),
  }),
  z.object({
    kind: z.literal('formal'),
    tally: z.object({
      major: z.boolean(),
      total: weight,
      participating: weight,
      yes: weight,
      no: weight,
      abstain: weight,
      quorumArea: z.boolean(),
      quorumOwners: z.boolean(),
      passArea: z.boolean(),
      passOwners: z.boolean(),
      valid: z.boolean(),
      passed: z.boolean(),
    }),
  }),
]);

export type VoteResult =
  | { kind: 'quick'; counts: number[]; voters: number }
  | { kind: 'formal'; tally: FormalTally };

/** The tally now: frozen when closed, counted from the ballots while open. */
export async function voteResult(db: DbOrTx, poll: Poll): Promise<VoteResult> {
  if (poll.final !== null) return finalSchema.parse(JSON.parse(poll.final));
  const ballots = await ballotsOf(db, poll.id);
  if (poll.kind === 'quick') {
    const q: QuickTally = tallyQuick(pollOptions(poll).length, ballots.map(ballotChoices));
    return { kind: 'quick', ...q };
  }
  const formal = ballots.flatMap((b) =>
    b.unitId === null ? [] : [{ unitId: b.unitId, choice: ballotChoices(b)[0] ?? 3 }],
  );
  return { kind: 'formal', tally: tallyFormal(await tallyUnits(db, poll.compoundId), formal, poll.major) };
}

const area = (centi: number) => formatAreaCenti(centi);
const yesNo = (ok: boolean) => (ok ? '✔' : '✘');

function formalLines(t: FormalTally): string[] {
  const need = t.major ? '≥ 3/4' : '> 1/2';
  const { total, participating: p } = t;
  const lines = [
    `参与: 面积 ${area(p.areaCenti)} / ${area(total.areaCenti)} (${percent(p.areaCenti, total.areaCenti)}), 人数 ${p.owners} / ${total.owners} (${percent(p.owners, total.owners)})`,
    `同意: 面积 ${percent(t.yes.areaCenti, p.areaCenti)}, 人数 ${t.yes.owners}; 反对: 面积 ${percent(t.no.areaCenti, p.areaCenti)}, 人数 ${t.no.owners}; 弃权: 面积 ${percent(t.abstain.areaCenti, p.areaCenti)}, 人数 ${t.abstain.owners}`,
    `${yesNo(t.quorumArea)} 参与面积 ≥ 总面积 2/3  ${yesNo(t.quorumOwners)} 参与人数 ≥ 总人数 2/3`,
    `${yesNo(t.passArea)} 同意面积 ${need}  ${yesNo(t.passOwners)} 同意人数 ${need} (占参与的)`,
  ];
  return lines;
}

/** Why a formal vote stands where it stands, in one sentence. */
export function formalVerdict(t: FormalTally, over: boolean): string {
  const failedQuorum = [!t.quorumArea && '参与面积', !t.quorumOwners && '参与人数']
    .filter(Boolean)
    .join('和');
  const failedPass = [!t.passArea && '同意面积', !t.passOwners && '同意人数'].filter(Boolean).join('和');
  const need = t.major ? '3/4' : '1/2';
  if (!over) {
    if (!t.valid) return `目前: ${failedQuorum}未达 2/3, 表决尚未有效。`;
    return t.passed ? '目前: 已有效, 同意已过线。' : `目前: 已有效, ${failedPass}未过 ${need}。`;
  }
  if (!t.valid) return `结果: 表决无效, ${failedQuorum}未达 2/3。`;
  return t.passed ? '结果: 表决有效, 通过。' : `结果: 表决有效, 未通过 (${failedPass}未过 ${need})。`;
}

/** `/结果` and the closing message: counts only, never names (anonymous or not). */
export function resultText(poll: Poll, result: VoteResult, tz: string, now: number): string {
  const over = isOver(poll, now);
  const head = `【${pollTitle(poll)}${over ? ' 最终结果' : ' 当前结果'}】`;
  const when = over ? '已截止' : `截止 ${formatDeadline(poll.deadline, tz, now)}`;
  if (result.kind === 'quick') {
    const options = pollOptions(poll);
    const lines = options.map(
      (o, i) =>
        `${i + 1}. ${oneLine(o)}: ${result.counts[i] ?? 0} 票 (${percent(result.counts[i] ?? 0, result.voters)})`,
    );
    return [head, ...lines, `共 ${result.voters} 人投票, ${when}。`].join('\n');
  }
  return [head, ...formalLines(result.tally), formalVerdict(result.tally, over), when].join('\n');
}

function weightBars(t: FormalTally, key: 'areaCenti' | 'owners'): Bar[] {
  const whole = t.participating[key];
  const show = (w: number) => (key === 'areaCenti' ? area(w) : `${w} 人`);
  return FORMAL_OPTIONS.map((label, i) => {
    const w = [t.yes, t.no, t.abstain][i]?.[key] ?? 0;
    return {
      label,
      fraction: whole === 0 ? 0 : w / whole,
      valueLabel: `${show(w)} (${percent(w, whole)})`,
      color: ['#27ae60', '#c0392b', '#95a5a6'][i] ?? '#999999',
    };
  });
}

/** The chart posted with the final result: bars per option; formal votes add turnout against 2/3. */
export function renderResultChart(poll: Poll, result: VoteResult, tz: string): Buffer {
  const title: Block = {
    kind: 'title',
    text: pollTitle(poll),
    sub: `截止 ${formatDateTime(poll.deadline, tz)}`,
  };
  if (result.kind === 'quick') {
    const most = Math.max(1, ...result.counts);
    const bars = pollOptions(poll).map((o, i) => ({
      label: `${i + 1}. ${o}`,
      fraction: (result.counts[i] ?? 0) / most,
      valueLabel: `${result.counts[i] ?? 0} 票 (${percent(result.counts[i] ?? 0, result.voters)})`,
    }));
    return renderDocument([
      title,
      { kind: 'bars', bars },
      {
        kind: 'text',
        text: `共 ${result.voters} 人投票${poll.anonymous ? ' · 匿名投票, 只公布票数' : ''}`,
        muted: true,
      },
    ]);
  }
  const t = result.tally;
  const pass = t.major ? 3 / 4 : 1 / 2;
  return renderDocument([
    title,
    { kind: 'heading', text: '参与率 (有效需两项都 ≥ 2/3)' },
    {
      kind: 'bars',
      bars: [
        {
          label: '参与面积',
          fraction: t.total.areaCenti === 0 ? 0 : t.participating.areaCenti / t.total.areaCenti,
          valueLabel: percent(t.participating.areaCenti, t.total.areaCenti),
          color: t.quorumArea ? '#27ae60' : '#c0392b',
        },
        {
          label: '参与人数',
          fraction: t.total.owners === 0 ? 0 : t.participating.owners / t.total.owners,
          valueLabel: percent(t.participating.owners, t.total.owners),
          color: t.quorumOwners ? '#27ae60' : '#c0392b',
        },
      ],
      threshold: { fraction: 2 / 3, label: '2/3' },
    },
    { kind: 'heading', text: `按面积 (通过需同意 ${t.major ? '≥ 3/4' : '> 1/2'})` },
    {
      kind: 'bars',
      bars: weightBars(t, 'areaCenti'),
      threshold: { fraction: pass, label: t.major ? '3/4' : '1/2' },
    },
    { kind: 'heading', text: '按人数' },
    {
      kind: 'bars',
      bars: weightBars(t, 'owners'),
      threshold: { fraction: pass, label: t.major ? '3/4' : '1/2' },
    },
    { kind: 'text', text: formalVerdict(t, true), color: t.passed ? '#27ae60' : '#c0392b' },
  ]);
}
