import {
  ATTACHMENT_COUNT_RANGE,
  ATTACHMENT_SIZE_RANGE,
  type AttachmentCaps,
  type CompoundSettings,
  compoundSettings,
  defaultSettings,
  encodeSetting,
  formatMinuteOfDay,
  type QuietHours,
  type SettingKey,
  type SlaClass,
} from '../../core/settings/catalog.js';
import { parseCron } from '../../core/settings/cron.js';
import { formatSize, parseSize } from '../../core/size.js';
import { halfWidthDigits } from '../../core/text.js';
import { formatDuration, parseDuration } from '../../core/time/index.js';
import { putSetting } from '../../db/settings.js';
import { argSchema, fail, lookupWord, quote, tokens } from '../args.js';
import { defineCommand } from '../define.js';

const slaWords: Record<string, SlaClass | 'response'> = {
  一般: 'general',
  重大: 'major',
  复杂: 'complex',
  响应: 'response',
};

type Change =
  | { item: 'sla'; which: SlaClass | 'response'; ms: number | null }
  | { item: 'quiet'; hours: QuietHours | null | 'default' }
  | { item: 'cron'; which: 'notice' | 'weekly'; expr: string | null }
  | { item: 'reminders'; points: number[] | null }
  | { item: 'attach'; which: AttachCap; value: number | null }
  | { item: 'hint'; on: boolean | null };

type AttachCap = keyof AttachmentCaps;

const attachWords: Record<string, AttachCap> = {
  单个: 'maxFileBytes',
  单张: 'maxFileBytes',
  每个: 'maxFileBytes',
  个数: 'maxCount',
  数量: 'maxCount',
  张数: 'maxCount',
  合计: 'maxTotalBytes',
  总计: 'maxTotalBytes',
  总量: 'maxTotalBytes',
};

const attachKeys: Record<AttachCap, SettingKey> = {
  maxFileBytes: 'attach.fileBytes',
  maxCount: 'attach.count',
  maxTotalBytes: 'attach.totalBytes',
};

const attachNames: Record<AttachCap, string> = {
  maxFileBytes: '单个附件的大小上限',
  maxCount: '每个工单的附件个数上限',
  maxTotalBytes: '每个工单的附件合计上限',
};

function attachText(which: AttachCap, value: number): string {
  return which === 'maxCount' ? `${value} 个` : formatSize(value);
}

function parseAttach(rest: readonly string[]): Change {
  const word = rest[0] ?? '';
  const which = lookupWord(attachWords, word);
  if (!which) fail('请写明是哪一个附件上限: 单个、个数 或 合计, 例如 /设置 附件 单个 20MB。');
  const value = rest.slice(1).join('');
  if (value === '') fail(which === 'maxCount' ? '请写上个数, 例如 9。' : '请写上大小, 例如 20MB、512KB。');
  if (RESET.test(value)) return { item: 'attach', which, value: null };
  if (which === 'maxCount') {
    const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    const { min, max } = ATTACHMENT_COUNT_RANGE;
    if (!(n >= min && n <= max)) fail(`个数「${quote(value)}」不对, 请写 ${min} 到 ${max} 之间的整数。`);
    return { item: 'attach', which, value: n };
  }
  const bytes = parseSize(value);
  if (bytes === null) fail(`大小「${quote(value)}」看不懂, 请写成 20MB 或 512KB。`);
  const { min, max } = ATTACHMENT_SIZE_RANGE;
  if (bytes < min || bytes > max) fail(`大小要在 ${formatSize(min)} 到 ${formatSize(max)} 之间。`);
  return { item: 'attach', which, value: bytes };
}

const RESET = /^(默认|恢复默认|reset|default)$/i;
const MAX_WINDOW_MS = 30 * 24 * 3_600_000;

function parseClock(s: string): number | null {
  const m = /^(\d{1,2})[:：](\d{2})$/.exec(s.trim());
  if (!m?.[1] || !m[2]) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h <= 23 && min <= 59 ? h * 60 + min : null;
}

function parseChange(text: string): Change | null {
  const parts = tokens(halfWidthDigits(text));
  const [item, ...rest] = parts;
  if (item === undefined) return null;
  switch (item) {
    case '时限': {
      const word = rest[0] ?? '';
      const which = Object.hasOwn(slaWords, word) ? slaWords[word] : undefined;
      if (!which) fail('请写明是哪一个时限: 一般、重大、复杂 或 响应。');
      const value = rest.slice(1).join('');
      if (value === '') fail('请写上时长, 例如 30分钟、4小时、1天。');
      if (RESET.test(value)) return { item: 'sla', which, ms: null };
      const d = parseDuration(value);
      if (!d.ok) fail(d.error);
      if (d.value > MAX_WINDOW_MS) fail('时限最长 30天。');
      return { item: 'sla', which, ms: d.value };
    }
    case '免打扰': {
      const value = rest.join('');
      if (value === '') fail('请写上时段, 例如 22:00-07:00, 或 关。');
      if (RESET.test(value)) return { item: 'quiet', hours: 'default' };
      if (/^(关|关闭|无|off)$/i.test(value)) return { item: 'quiet', hours: null };
      const [a, b, ...more] = value.split(/[-－~～至到]/);
      const start = a !== undefined ? parseClock(a) : null;
      const end = b !== undefined ? parseClock(b) : null;
      if (start === null || end === null || more.length > 0)
        fail(`时段「${quote(value)}」看不懂, 请写成 22:00-07:00。`);
      if (start === end) fail('开始和结束不能是同一时刻; 不要免打扰请写 /设置 免打扰 关。');
      return { item: 'quiet', hours: { start, end } };
    }
    case '公示':
    case '周报': {
      const which = item === '公示' ? 'notice' : 'weekly';
      const value = rest.join(' ');
      if (value === '') fail('请写上 cron 表达式, 例如 0 9 1 * * (每月1日 09:00)。');
      if (RESET.test(value)) return { item: 'cron', which, expr: null };
      const c = parseCron(value);
      if (!c.ok) fail(c.error);
      return { item: 'cron', which, expr: c.value };
    }
    case '提醒': {
      const value = rest.join(' ');
      if (value === '') fail('请写上提醒点, 例如 50% 80%。');
      if (RESET.test(value)) return { item: 'reminders', points: null };
      const points = tokens(value.replace(/[,，、]/g, ' ')).map((p) => {
        const m = /^(\d{1,2})[%％]?$/.exec(p);
        const n = m?.[1] ? Number(m[1]) : Number.NaN;
        if (!(n >= 1 && n <= 99)) fail(`提醒点「${quote(p)}」不对, 请写 1% 到 99% 之间的数, 例如 50% 80%。`);
        return n;
      });
      if (points.length > 5) fail('提醒点最多 5 个。');
      return { item: 'reminders', points: [...new Set(points)].sort((x, y) => x - y) };
    }
    case '附件':
      return parseAttach(rest);
    case '提示报修': {
      const value = rest.join('');
      if (RESET.test(value)) return { item: 'hint', on: null };
      if (/^(开|开启|打开|on)$/i.test(value)) return { item: 'hint', on: true };
      if (/^(关|关闭|off)$/i.test(value)) return { item: 'hint', on: false };
      return fail('请写 开 或 关, 例如 /设置 提示报修 开。');
    }
    default:
      fail(`没有「${quote(item)}」这个设置项。可以设置: 时限、免打扰、公示、周报、提醒、附件、提示报修。`);
  }
}

function quietText(q: QuietHours | null): string {
  return q === null ? '关' : `${formatMinuteOfDay(q.start)}-${formatMinuteOfDay(q.end)}`;
}

function describe(s: CompoundSettings): string[] {
  const d = defaultSettings;
  const line = (label: string, value: string, def: string) =>
    value === def ? `${label}: ${value}` : `${label}: ${value} (默认 ${def})`;
  return [
    line('响应时限', formatDuration(s.responseMs), formatDuration(d.responseMs)),
    line('一般 解决时限', formatDuration(s.solveMs.general), formatDuration(d.solveMs.general)),
    line('重大 解决时限', formatDuration(s.solveMs.major), formatDuration(d.solveMs.major)),
    line('复杂 方案时限', formatDuration(s.solveMs.complex), formatDuration(d.solveMs.complex)),
    line('免打扰', quietText(s.quietHours), quietText(d.quietHours)),
    line('公示 (三务公开)', s.noticeCron, d.noticeCron),
    line('周报', s.weeklyCron, d.weeklyCron),
    line(
      '提醒',
      s.reminderPoints.map((p) => `${p}%`).join(' '),
      d.reminderPoints.map((p) => `${p}%`).join(' '),
    ),
    line('附件 单个上限', formatSize(s.attachments.maxFileBytes), formatSize(d.attachments.maxFileBytes)),
    line('附件 每单个数', String(s.attachments.maxCount), String(d.attachments.maxCount)),
    line('附件 每单合计', formatSize(s.attachments.maxTotalBytes), formatSize(d.attachments.maxTotalBytes)),
    line('提示报修', onOff(s.ticketHint), onOff(d.ticketHint)),
  ];
}

function onOff(on: boolean): string {
  return on ? '开' : '关';
}

const slaKeys: Record<SlaClass | 'response', SettingKey> = {
  response: 'sla.response',
  general: 'sla.general',
  major: 'sla.major',
  complex: 'sla.complex',
};
const slaNames: Record<SlaClass | 'response', string> = {
  response: '响应时限',
  general: '一般 解决时限',
  major: '重大 解决时限',
  complex: '复杂 方案时限',
};

/**
 * `/设置` shows this compound's settings with their defaults; `/设置 <项> <值>` changes one
 * (SPEC "Settings per compound"). `默认` as the value restores the default.
 */
export const settingsCommand = defineCommand({
  name: '设置',
  aliases: ['set'],
  usage:
    '/设置 [<项> <值>]  项: 时限 一般|重大|复杂|响应 <时长>, 免打扰 22:00-07:00, 公示 <cron>, 周报 <cron>, 提醒 50% 80%, 附件 单个|个数|合计 <值>, 提示报修 开|关',
  summary: '查看或修改本小区的设置',
  examples: [
    '/设置',
    '/设置 时限 一般 30分钟',
    '/设置 免打扰 22:00-07:00',
    '/设置 公示 0 9 1 * *',
    '/设置 提醒 50% 80%',
    '/设置 附件 单个 20MB',
    '/设置 附件 个数 9',
    '/设置 提示报修 开',
  ],
  who: ['admin', 'committee'],
  scope: 'compound',
  args: argSchema((input) => ({ change: parseChange(input.text) })),
  async run(ctx, { change }) {
    const compoundId = ctx.compound.id;
    const before = await compoundSettings(ctx.db, compoundId);
    if (change === null) {
      return [
        `「${ctx.compound.name}」的设置:`,
        ...describe(before),
        '修改示例: /设置 时限 一般 30分钟',
      ].join('\n');
    }
    const put = async (key: SettingKey, value: string) => {
      await putSetting(ctx.db, { compoundId, key, value, updatedBy: ctx.speaker.id }, ctx.now);
    };
    switch (change.item) {
      case 'sla': {
        const old = change.which === 'response' ? before.responseMs : before.solveMs[change.which];
        const next =
          change.ms ??
          (change.which === 'response' ? defaultSettings.responseMs : defaultSettings.solveMs[change.which]);
        await put(slaKeys[change.which], encodeSetting('sla.response', next));
        return `已把${slaNames[change.which]}从 ${formatDuration(old)} 改为 ${formatDuration(next)}。新时限从工单提交时算起。`;
      }
      case 'quiet': {
        const next = change.hours === 'default' ? defaultSettings.quietHours : change.hours;
        await put('quietHours', encodeSetting('quietHours', next));
        return `已把免打扰从 ${quietText(before.quietHours)} 改为 ${quietText(next)}。重大工单不受免打扰限制。`;
      }
      case 'cron': {
        const key = change.which === 'notice' ? 'cron.notice' : 'cron.weekly';
        const old = change.which === 'notice' ? before.noticeCron : before.weeklyCron;
        const next =
          change.expr ??
          (change.which === 'notice' ? defaultSettings.noticeCron : defaultSettings.weeklyCron);
        await put(key, encodeSetting(key, next));
        return `已把${change.which === 'notice' ? '三务公示' : '周报'}时间从「${old}」改为「${next}」(按${ctx.tz === 'Asia/Shanghai' ? '北京时间' : ` ${ctx.tz} 时间`})。`;
      }
      case 'reminders': {
        const next = change.points ?? defaultSettings.reminderPoints;
        await put('reminders', encodeSetting('reminders', next));
        const show = (p: number[]) => p.map((x) => `${x}%`).join(' ');
        return `已把提醒点从 ${show(before.reminderPoints)} 改为 ${show(next)}。`;
      }
      case 'attach': {
        const next = change.value ?? defaultSettings.attachments[change.which];
        const key = attachKeys[change.which];
        await put(key, encodeSetting(key, next));
        return `已把${attachNames[change.which]}从 ${attachText(change.which, before.attachments[change.which])} 改为 ${attachText(change.which, next)}。`;
      }
      case 'hint': {
        const next = change.on ?? defaultSettings.ticketHint;
        await put('hint.ticket', encodeSetting('hint.ticket', next));
        return next
          ? `已把提示报修从 ${onOff(before.ticketHint)} 改为 开: 业主群里像报修的消息, 我会提醒发 /报修 (每人每小时最多一次)。`
          : `已把提示报修从 ${onOff(before.ticketHint)} 改为 关。`;
      }
    }
  },
});
