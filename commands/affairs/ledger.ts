import { formatFen, parseAmountFen } from '../../core/affairs/money.js';
import { directionNames, fundNames } from '../../core/affairs/notice-content.js';
import { addLedgerLine, fundBalances } from '../../db/affairs.js';
import type { LedgerDirection, LedgerFund } from '../../db/schema-affairs.js';
import { argSchema, fail, lookupWord, quote, tokens } from '../args.js';
import { defineCommand } from '../define.js';
import { nextNoticeLine } from './next-notice.js';

const directionWords: Record<string, LedgerDirection> = {
  收入: 'income',
  收: 'income',
  入账: 'income',
  income: 'income',
  支出: 'expense',
  支: 'expense',
  出账: 'expense',
  expense: 'expense',
};

const fundWords: Record<string, LedgerFund> = {
  公共收益: 'public',
  公共收入: 'public',
  公共收益金: 'public',
  维修资金: 'maintenance',
  维修基金: 'maintenance',
  专项维修资金: 'maintenance',
  维修金: 'maintenance',
};

/** A reason says what the money was for; a long story belongs in a /公示 财务 item. */
export const MAX_REASON_CHARS = 200;

export interface LedgerArgs {
  direction: LedgerDirection;
  amountFen: number;
  fund: LedgerFund;
  reason: string;
}

/**
 * `收入|支出 [资金] <金额> [资金] <事由>`: the fund word (公共收益 by default, or 维修资金) may
 * stand before or after the amount; `¥ 1280` and `1280 元` with a blank are one amount.
 */
export function parseLedgerArgs(text: string): LedgerArgs {
  const words = tokens(text);
  const first = words.shift();
  if (first === undefined) fail('请写明是收入还是支出, 再写金额和事由。');
  const direction = lookupWord(directionWords, first.toLowerCase());
  if (direction === undefined) fail(`「${quote(first)}」不对, 第一个词请写 收入 或 支出。`);
  let fund: LedgerFund | undefined;
  const takeFund = () => {
    const f = lookupWord(fundWords, words[0]);
    if (f === undefined) return;
    if (fund !== undefined && fund !== f) fail('一笔账只能记在一个资金里: 公共收益 或 维修资金。');
    fund = f;
    words.shift();
  };
  takeFund();
  let amountText = words.shift();
  if (amountText === undefined) fail('请写上金额, 例如 1280 或 1280.50。');
  if (/^[¥￥]$/.test(amountText) && words[0] !== undefined) amountText += words.shift();
  if (/^(元|块|圆)$/.test(words[0] ?? '')) words.shift();
  const amount = parseAmountFen(amountText);
  if (!amount.ok) fail(amount.error);
  takeFund();
  const reason = words.join(' ');
  if (reason === '') fail(`请写上这笔${directionNames[direction]}的事由。`);
  if (reason.length > MAX_REASON_CHARS)
    fail(`事由最多 ${MAX_REASON_CHARS} 字; 详细说明可以用 /公示 财务 发布。`);
  return { direction, amountFen: amount.value, fund: fund ?? 'public', reason };
}

/**
 * `/收支 <收入|支出> <金额> <事由>`: a line in the compound's public ledger (SPEC command table),
 * published with its totals and the fund's balance in the next three-affairs notice.
 */
export const ledgerCommand = defineCommand({
  name: '收支',
  aliases: ['ledger'],
  usage: '/收支 <收入|支出> <金额> [公共收益|维修资金] <事由>',
  summary: '记一笔小区公共账目 (公共收益或维修资金), 在三务公示中公开',
  examples: [
    '/收支 支出 1280 更换3号楼楼道灯',
    '/收支 收入 ¥3,600.50 11月停车费',
    '/收支 支出 维修资金 35000 2号楼电梯大修',
  ],
  who: ['committee'],
  scope: 'compound',
  args: argSchema((input) => parseLedgerArgs(input.text)),
  async run(ctx, args) {
    await addLedgerLine(ctx.db, { compoundId: ctx.compound.id, ...args, authorId: ctx.speaker.id }, ctx.now);
    // The line just written counts: balances run over every line up to and including now.
    const balance = (await fundBalances(ctx.db, ctx.compound.id, ctx.now + 1)).find(
      (b) => b.fund === args.fund,
    );
    const balanceFen = balance?.balanceFen ?? 0;
    const lines = [
      `已记账: ${fundNames[args.fund]} ${directionNames[args.direction]} ${formatFen(args.amountFen)}, ${args.reason}`,
      `${fundNames[args.fund]}余额 ${formatFen(balanceFen)}。${await nextNoticeLine(ctx.db, ctx.compound.id, ctx.now, ctx.tz)}`,
    ];
    if (balanceFen < 0) {
      lines.push(
        `注意: 余额为负。如果账上原有资金, 请先记入期初余额: /收支 收入 <金额> ${fundNames[args.fund]} 期初余额`,
      );
    }
    return lines.join('\n');
  },
});
