import type { StarRules } from '../../core/areas/ranking.js';
import { rulesText } from '../../core/areas/ranking-text.js';
import {
  type AreaSettingKey,
  type AreaSettings,
  areaSettings,
  DEFAULT_RANKING_CRON,
  defaultAreaSettings,
  encodeAreaSetting,
  MAX_SCORE,
  MIN_TICKETS_RANGE,
} from '../../core/settings/area-catalog.js';
import { parseCron } from '../../core/settings/cron.js';
import { halfWidthDigits } from '../../core/text.js';
import { putAreaSetting } from '../../db/area-settings.js';
import { argSchema, fail, quote, tokens } from '../args.js';
import { type AreaContext, defineCommand, UserError } from '../define.js';
import { areaKindNames } from '../roles.js';

const RESET = /^(默认|恢复默认|reset|default)$/i;
const OFF = /^(关|关闭|无|不设|off)$/i;

/** The compound's settings, named here so a community typing one is told where it belongs. */
const compoundItems = ['时限', '免打扰', '公示', '周报', '提醒', '附件', '提示报修'];

type Thresholds = StarRules['thresholds'];

type Change =
  | { item: 'cron'; expr: string | null }
  | { item: 'thresholds'; value: Thresholds }
  | { item: 'floor'; value: number | null }
  | { item: 'minTickets'; value: number | null }
  | { item: 'stars-reset' };

const STAR_EXAMPLE = '/设置 星级 90 80 70 60 (5星、4星、3星、2星的最低分)';

function wholeNumber(text: string): number | null {
  return /^\d{1,4}$/.test(text) ? Number(text) : null;
}

function parseStars(rest: readonly string[]): Change {
  const [word = '', ...more] = rest;
  if (word === '') fail(`请写上星级的分数线, 例如 ${STAR_EXAMPLE}。`);
  if (RESET.test(word) && more.length === 0) return { item: 'stars-reset' };
  if (/^(黑榜|黑榜线)$/.test(word)) {
    const value = more.join('');
    if (value === '') fail('请写上黑榜线, 例如 /设置 星级 黑榜 50 (低于 50 分上黑榜), 不设黑榜写 关。');
    if (RESET.test(value)) return { item: 'floor', value: null };
    if (OFF.test(value)) return { item: 'floor', value: 0 };
    const n = wholeNumber(value.replace(/分$/, ''));
    if (n === null || n > MAX_SCORE)
      fail(`黑榜线「${quote(value)}」不对, 请写 0 到 ${MAX_SCORE} 之间的整数分数。`);
    return { item: 'floor', value: n };
  }
  if (/^(最少|最少工单|起评|起评工单)$/.test(word)) {
    const value = more.join('');
    if (value === '') fail('请写上评星最少要有几件可评工单, 例如 /设置 星级 最少 5。');
    if (RESET.test(value)) return { item: 'minTickets', value: null };
    const n = wholeNumber(value.replace(/件$/, ''));
    const { min, max } = MIN_TICKETS_RANGE;
    if (n === null || n < min || n > max)
      fail(`件数「${quote(value)}」不对, 请写 ${min} 到 ${max} 之间的整数。`);
    return { item: 'minTickets', value: n };
  }
  const all = tokens(rest.join(' ').replace(/[,，、/／]/g, ' '));
  const numbers = all.map((t) => wholeNumber(t.replace(/分$/, '')));
  if (numbers.some((n) => n === null)) {
    fail(
      `看不懂「${quote(rest.join(' '))}」。请写四个分数, 例如 ${STAR_EXAMPLE}; 或 /设置 星级 黑榜 50、/设置 星级 最少 5。`,
    );
  }
  if (numbers.length !== 4)
    fail(`要写四个分数 (5星、4星、3星、2星), 你写了 ${numbers.length} 个。例如 ${STAR_EXAMPLE}。`);
  const [a, b, c, d] = numbers as [number, number, number, number];
  if ([a, b, c, d].some((n) => n < 1 || n > MAX_SCORE)) fail(`分数要在 1 到 ${MAX_SCORE} 之间。`);
  if (!(a > b && b > c && c > d)) fail(`分数要从高到低写, 一个比一个低, 例如 ${STAR_EXAMPLE}。`);
  return { item: 'thresholds', value: [a, b, c, d] };
}

function parseChange(text: string): Change | null {
  const [item, ...rest] = tokens(halfWidthDigits(text));
  if (item === undefined) return null;
  switch (item) {
    case '排名': {
      const value = rest.join(' ');
      if (value === '') fail('请写上 cron 表达式, 例如 0 9 2 * * (每月2日 09:00)。');
      if (RESET.test(value)) return { item: 'cron', expr: null };
      const c = parseCron(value);
      if (!c.ok) fail(c.error);
      return { item: 'cron', expr: c.value };
    }
    case '星级':
    case '星级标准':
      return parseStars(rest);
    default:
      if (compoundItems.includes(item)) {
        fail(
          `「${item}」是小区的设置, 请在小区的群里发送 /设置 ${item} …。社区群、街道群可以设置: 排名、星级。`,
        );
      }
      fail(`没有「${quote(item)}」这个设置项。社区群、街道群可以设置: 排名、星级。`);
  }
}

function withDefault(label: string, value: string, def: string): string {
  return value === def ? `${label}: ${value}` : `${label}: ${value} (默认 ${def})`;
}

function floorText(floor: number): string {
  return floor > 0 ? `低于 ${floor} 分` : '不设黑榜';
}

function thresholdsText(t: Thresholds): string {
  return `★5 ≥${t[0]} · ★4 ≥${t[1]} · ★3 ≥${t[2]} · ★2 ≥${t[3]}, 其余 ★1`;
}

/** Where the star rules of this group come from, for a community. */
function starSource(ctx: AreaContext, s: AreaSettings): string {
  if (ctx.area.kind === 'street') return '';
  return s.starsOf === null ? ' (默认标准; 本社区还没有归属街道)' : ` (按街道「${s.starsOf.name}」的标准)`;
}

function describe(ctx: AreaContext, s: AreaSettings): string[] {
  const d = defaultAreaSettings;
  const source = starSource(ctx, s);
  return [
    `${withDefault('排名发布', s.rankingCron, d.rankingCron)} (每次发布上个月的物业公司排名)`,
    withDefault(`星级${source}`, thresholdsText(s.stars.thresholds), thresholdsText(d.stars.thresholds)),
    withDefault('黑榜', floorText(s.stars.floor), floorText(d.stars.floor)),
    withDefault('评星最少可评工单', `${s.stars.minTickets} 件`, `${d.stars.minTickets} 件`),
  ];
}

/** A community reads its street's star rules; it is told where to change them. */
function starsElsewhere(s: AreaSettings): never {
  const now = rulesText(s.stars);
  if (s.starsOf === null) {
    throw new UserError(
      `星级标准由街道统一设置。本社区还没有归属街道, 现在用默认标准 (${now})。请管理员先在本群发送 /归属 <街道名>, 再到街道群里设置。`,
    );
  }
  throw new UserError(
    `星级标准由街道统一设置, 各社区相同: 请在「${s.starsOf.name}」的街道群里发送 /设置 星级 …。现在的标准: ${now}。`,
  );
}

/**
 * `/设置` in a community's or street's group: shows its settings with their defaults; `/设置 排名
 * <cron>` sets when its group gets the monthly company ranking; `/设置 星级 …` (street only: a
 * community inherits its street's) sets the star rules (SPEC "Communities and streets").
 */
export const areaSettingsCommand = defineCommand({
  name: '设置',
  aliases: ['set'],
  usage:
    '/设置 [<项> <值>]  项: 排名 <cron>, 星级 <5星> <4星> <3星> <2星>, 星级 黑榜 <分>, 星级 最少 <件数> (星级只在街道群设置)',
  summary: '查看或修改本社区、街道的设置 (排名发布时间、星级标准)',
  examples: [
    '/设置',
    '/设置 排名 0 9 2 * *',
    '/设置 星级 90 80 70 60',
    '/设置 星级 黑榜 50',
    '/设置 星级 最少 5',
  ],
  who: ['admin', 'community'],
  scope: 'area',
  args: argSchema((input) => ({ change: parseChange(input.text) })),
  async run(ctx, { change }) {
    const before = await areaSettings(ctx.db, ctx.area);
    const kind = areaKindNames[ctx.area.kind];
    if (change === null) {
      return [
        `${kind}「${ctx.area.name}」的设置:`,
        ...describe(ctx, before),
        ctx.area.kind === 'street'
          ? '修改示例: /设置 星级 90 80 70 60, /设置 星级 黑榜 50, /设置 排名 0 9 2 * *'
          : '修改示例: /设置 排名 0 9 2 * * (星级标准由街道设置)',
      ].join('\n');
    }
    const put = async (key: AreaSettingKey, value: string) => {
      await putAreaSetting(ctx.db, { areaId: ctx.area.id, key, value, updatedBy: ctx.speaker.id }, ctx.now);
    };
    if (change.item === 'cron') {
      const next = change.expr ?? DEFAULT_RANKING_CRON;
      await put('cron.ranking', encodeAreaSetting('cron.ranking', next));
      const zone = ctx.tz === 'Asia/Shanghai' ? '北京时间' : ` ${ctx.tz} 时间`;
      return `已把物业公司排名的发布时间从「${before.rankingCron}」改为「${next}」(按${zone}), 每次发布上个月的排名。`;
    }
    if (ctx.area.kind !== 'street') starsElsewhere(before);
    const stars = before.stars;
    const effect = '本街道各社区的排名都按新标准评星, 下次排名起生效。';
    switch (change.item) {
      case 'stars-reset': {
        const d = defaultAreaSettings.stars;
        await put(
          'stars.thresholds',
          encodeAreaSetting('stars.thresholds', [...d.thresholds] as [number, number, number, number]),
        );
        await put('stars.floor', encodeAreaSetting('stars.floor', d.floor));
        await put('stars.minTickets', encodeAreaSetting('stars.minTickets', d.minTickets));
        return `已恢复默认星级标准: ${rulesText(d)}。${effect}`;
      }
      case 'thresholds': {
        const next = change.value;
        if (stars.floor > next[3]) {
          throw new UserError(
            `黑榜线 (低于 ${stars.floor} 分) 不能高于 2 星线 (${next[3]} 分), 否则 2 星的公司也会上黑榜。请先改黑榜线, 例如 /设置 星级 黑榜 ${Math.min(next[3], defaultAreaSettings.stars.floor)}。`,
          );
        }
        await put(
          'stars.thresholds',
          encodeAreaSetting('stars.thresholds', [...next] as [number, number, number, number]),
        );
        return `已把星级分数线从 ${thresholdsText(stars.thresholds)} 改为 ${thresholdsText(next)}。${effect}`;
      }
      case 'floor': {
        const next = change.value ?? defaultAreaSettings.stars.floor;
        if (next > stars.thresholds[3]) {
          throw new UserError(
            `黑榜线不能高于 2 星线 (${stars.thresholds[3]} 分): 黑榜上的公司都是 1 星。请写 0 到 ${stars.thresholds[3]} 之间的分数。`,
          );
        }
        await put('stars.floor', encodeAreaSetting('stars.floor', next));
        return next === 0
          ? `已关闭黑榜 (原来是${floorText(stars.floor)})。${effect}`
          : `已把黑榜线从${floorText(stars.floor)}改为${floorText(next)}。${effect}`;
      }
      case 'minTickets': {
        const next = change.value ?? defaultAreaSettings.stars.minTickets;
        await put('stars.minTickets', encodeAreaSetting('stars.minTickets', next));
        return `已把评星最少可评工单从 ${stars.minTickets} 件改为 ${next} 件 (已解决或已过时限的工单)。${effect}`;
      }
    }
  },
});
