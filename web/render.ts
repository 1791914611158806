/**
 * Board pages as HTML (SPEC "The desk"): pure functions of the plain data of web/board-data.ts.
 * Made for WeChat's built-in browser on a phone: no JavaScript, one small inline style sheet, a
 * Chinese font stack, readable at 360 px, every value HTML-escaped, charts as inline SVG.
 */
import { formatFen } from '../core/affairs/money.js';
import type { CompoundRow } from '../core/areas/compound-rows.js';
import type { RankingLine } from '../core/areas/ranking.js';
import { companyName, figureCells, orDash, pointsText, starText } from '../core/areas/ranking-text.js';
import { formatRate, formatScore, meanOneDecimal, percentOneDecimal } from '../core/tickets/stats.js';
import { formatDate, formatDateTime } from '../core/time/index.js';
import type { AreaBoard, Board, BoardTicket, CompoundBoard, FundSeries } from './board-data.js';

/** Everything that goes into the page from the store passes through here. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const e = escapeHtml;

export const FONT_STACK =
  '-apple-system, "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif';

const STYLE = `*{box-sizing:border-box}body{margin:0;background:#f5f5f5;color:#222;font-family:${FONT_STACK};font-size:16px;line-height:1.6;-webkit-text-size-adjust:100%}
main{max-width:760px;margin:0 auto;padding:12px}header{background:#b71c1c;color:#fff;padding:14px max(12px,calc(50% - 368px))}header h1{margin:0;font-size:20px}header p{margin:2px 0 0;font-size:13px;opacity:.9}
section{background:#fff;border-radius:8px;padding:12px;margin:0 0 12px}h2{font-size:17px;margin:0 0 8px;color:#b71c1c}h3{font-size:15px;margin:10px 0 4px}
ul{list-style:none;margin:0;padding:0}li{padding:6px 0;border-top:1px solid #eee}li:first-child{border-top:0}
.m{color:#777;font-size:13px}.late{color:#c62828;font-weight:bold}.tag{display:inline-block;font-size:12px;padding:0 6px;border-radius:4px;background:#eee;margin-right:4px}.tag.late{background:#ffebee}
.kpi{display:flex;flex-wrap:wrap;gap:8px}.kpi div{flex:1 1 90px;background:#fafafa;border-radius:6px;padding:6px;text-align:center}.kpi b{display:block;font-size:20px;color:#b71c1c}
img{max-width:100%;height:auto;border:1px solid #eee}svg{width:100%;height:auto;display:block}pre{white-space:pre-wrap;margin:0;font:inherit}
.t{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:13px}th,td{padding:4px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}th:first-child,td:first-child{text-align:left;white-space:normal}
footer{text-align:center;color:#999;font-size:12px;padding:8px 0 20px}`;

function page(title: string, subtitle: string, body: string, footer: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${e(title)}</title><style>${STYLE}</style></head><body><header><h1>${e(title)}</h1><p>${e(subtitle)}</p></header><main>${body}<footer>${e(footer)}</footer></main></body></html>`;
}

function section(title: string, inner: string): string {
  return `<section><h2>${e(title)}</h2>${inner}</section>`;
}

const empty = (text: string) => `<p class="m">${e(text)}</p>`;
const more = (shown: number, total: number, what: string) =>
  total > shown ? `<p class="m">另有 ${total - shown} ${e(what)}未列出。</p>` : '';

function ticketItem(t: BoardTicket, extra = ''): string {
  const late = t.overdue === null ? '' : `<span class="tag late">超时 ${e(t.overdue)}</span>`;
  return `<li>${late}<b>${e(t.ref)}</b> ${e(t.text)}<br><span class="m">${e(t.who)} · ${e(t.label)} · ${e(t.status)}${extra}</span></li>`;
}

/** How many points a chart draws at most: a ledger of years stays a few KB. */
const CHART_POINTS = 120;

/** The balance of one fund over time: a step line, with its first and last date and balance. */
export function balanceChart(s: FundSeries, tz: string): string {
  const all = s.points;
  if (all.length === 0) return '';
  const step = Math.max(1, Math.ceil(all.length / CHART_POINTS));
  const pts = all.filter((_, i) => i % step === 0 || i === all.length - 1);
  const W = 320;
  const H = 120;
  const pad = { l: 4, r: 4, t: 10, b: 18 };
  const first = pts[0] as { at: number; balanceFen: number };
  const last = pts[pts.length - 1] as { at: number; balanceFen: number };
  const lo = Math.min(0, ...pts.map((p) => p.balanceFen));
  const hi = Math.max(0, ...pts.map((p) => p.balanceFen));
  const span = last.at - first.at;
  const x = (at: number) => (span === 0 ? W - pad.r : pad.l + ((at - first.at) / span) * (W - pad.l - pad.r));
  const y = (v: number) => (hi === lo ? H - pad.b : pad.t + ((hi - v) / (hi - lo)) * (H - pad.t - pad.b));
  const r = (n: number) => Math.round(n * 10) / 10;
  let d = `M${r(span === 0 ? pad.l : x(first.at))},${r(y(first.balanceFen))}`;
  for (const p of pts.slice(1)) d += `H${r(x(p.at))}V${r(y(p.balanceFen))}`;
  // To the right edge: the balance holds until now (and one line alone is drawn across).
  if (x(last.at) < W - pad.r || pts.length === 1) d += `H${W - pad.r}`;
  const zero = `<line x1="0" x2="${W}" y1="${r(y(0))}" y2="${r(y(0))}" stroke="#ccc" stroke-dasharray="3 3"/>`;
  const label = `${s.name}余额变化, 从 ${formatDate(first.at, tz)} 到 ${formatDate(last.at, tz)}, 现为 ${formatFen(s.balanceFen)}`;
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${e(label)}">${zero}<path d="${d}" fill="none" stroke="#b71c1c" stroke-width="2"/><text x="${pad.l}" y="${H - 4}" font-size="10" fill="#777">${e(formatDate(first.at, tz))}</text><text x="${W - pad.r}" y="${H - 4}" font-size="10" fill="#777" text-anchor="end">${e(formatDate(last.at, tz))}</text><text x="${pad.l}" y="9" font-size="10" fill="#777">${e(formatFen(hi))}</text></svg>`;
}

function noticesSection(b: CompoundBoard): string {
  if (b.notices.length === 0) return section('三务公开', empty('还没有发布过三务公开。'));
  const items = b.notices.map(
    (n) =>
      `<li><h3>${e(n.title)}</h3><span class="m">${e(formatDateTime(n.createdAt, b.tz))} 发布</span><pre>${e(n.summary)}</pre><a href="${e(n.imagePath)}"><img src="${e(n.imagePath)}" alt="${e(n.title)} 全文图片" loading="lazy"></a></li>`,
  );
  return section('三务公开', `<ul>${items.join('')}</ul>`);
}

function ledgerSection(b: CompoundBoard): string {
  if (b.funds.length === 0) return section('公共账目', empty('还没有收支记录。'));
  const charts = b.funds
    .map((f) => `<h3>${e(f.name)} 余额 ${e(formatFen(f.balanceFen))}</h3>${balanceChart(f, b.tz)}`)
    .join('');
  const rows = b.ledger
    .map(
      (l) =>
        `<tr><td>${e(l.reason)}<br><span class="m">${e(formatDate(l.at, b.tz))} · ${e(l.fund)}</span></td><td>${e(l.direction)}</td><td>${e(formatFen(l.signedFen))}</td></tr>`,
    )
    .join('');
  return section(
    '公共账目',
    `${charts}<h3>最近收支</h3><div class="t"><table><tr><th>事由</th><th>收支</th><th>金额</th></tr>${rows}</table></div>${more(b.ledger.length, b.ledgerTotal, '笔较早的收支')}`,
  );
}

function kpi(label: string, value: string): string {
  return `<div><b>${e(value)}</b>${e(label)}</div>`;
}

function ticketsSection(b: CompoundBoard): string {
  const f = b.month.figures;
  const figures = `<div class="kpi">${kpi('本月报修', String(f.filed))}${kpi('本月办结', String(f.solved))}${kpi('按时办结率', f.onTimeRate === null ? '暂无' : formatRate(f.onTimeRate))}${kpi('满意度', f.avgScore === null ? '暂无' : formatScore(f.avgScore))}</div><p class="m">阳光物业 ${e(b.month.label)}: 返工 ${f.rework} 次, 吹哨 ${f.escalations} 件, ${f.scored} 人评分。</p>`;
  const shown = b.open.reduce((n, g) => n + g.tickets.length, 0);
  const open =
    b.openTotal === 0
      ? empty('目前没有未结的工单。')
      : `<p>未结工单 ${b.openTotal} 件${b.overdueTotal > 0 ? `, <span class="late">其中超时 ${b.overdueTotal} 件</span>` : ''}。</p>${b.open
          .map(
            (g) =>
              `<h3>${e(g.status)} (${g.tickets.length})</h3><ul>${g.tickets.map((t) => ticketItem(t)).join('')}</ul>`,
          )
          .join('')}${more(shown, b.openTotal, '件工单')}`;
  return section('工单', figures + open);
}

function pollsSection(b: CompoundBoard): string {
  if (b.polls.length === 0) return section('投票与表决', empty('还没有已结束的投票或表决。'));
  return section(
    '投票与表决',
    `<ul>${b.polls.map((p) => `<li><h3>${e(p.title)}</h3><pre>${e(p.lines.join('\n'))}</pre></li>`).join('')}</ul>`,
  );
}

export function renderCompoundBoard(b: CompoundBoard): string {
  return page(
    `${b.name} 公示页`,
    `阳光三务 · 工单 · 投票表决 · 更新于 ${formatDateTime(b.now, b.tz)}`,
    noticesSection(b) + ledgerSection(b) + ticketsSection(b) + pollsSection(b),
    '红管家 · 只读公示页, 不含个人信息',
  );
}

function rowCells(label: string, r: CompoundRow, strong = false): string {
  const rate = percentOneDecimal(r.solvedOnTime, r.solveJudged);
  const score = meanOneDecimal(r.scoreSum, r.scored);
  const name = strong ? `<b>${e(label)}</b>` : e(label);
  const late = r.overdueNow > 0 ? `<span class="late">${r.overdueNow}</span>` : '0';
  return `<tr><td>${name}</td><td>${r.filed}</td><td>${r.solved}</td><td>${rate === null ? '—' : e(formatRate(rate))}</td><td>${r.rework}</td><td>${score === null ? '—' : e(formatScore(score))}</td><td>${r.escalations}</td><td>${late}</td></tr>`;
}

function compoundsSection(b: AreaBoard): string {
  const head =
    '<tr><th>小区</th><th>提交</th><th>解决</th><th>按时率</th><th>返工</th><th>满意度</th><th>吹哨</th><th>现超时</th></tr>';
  const blocks = b.sections.map((s) => {
    const title = s.community === null ? '' : `<h3>${e(s.community)}</h3>`;
    if (s.compounds.length === 0) return `${title}${empty('还没有小区。')}`;
    const rows = s.compounds.map((c) => rowCells(c.name, c.row)).join('');
    const total = s.total === null ? '' : rowCells('合计', s.total, true);
    return `${title}<div class="t"><table>${head}${rows}${total}</table></div>`;
  });
  const none = b.sections.every((s) => s.compounds.length === 0);
  return section(
    `各小区 ${b.monthLabel}`,
    none && b.sections.length <= 1 ? empty(`本${b.areaKind}还没有小区。`) : blocks.join(''),
  );
}

function rankingRow(line: RankingLine): string {
  const c = figureCells(line);
  const rank = line.rank === null ? '—' : String(line.rank);
  const stars = line.stars === null ? '' : `<br><span class="m">${e(starText(line.stars))}</span>`;
  const black = line.blacklisted ? ' <span class="tag late">黑榜</span>' : '';
  return `<tr><td>${e(rank)}. ${e(companyName(line))}${black}${stars}</td><td>${e(orDash(line.score, pointsText))}</td><td>${e(c.solve)}</td><td>${e(c.response)}</td><td>${e(c.satisfaction)}</td><td>${e(c.escalations)}</td></tr>`;
}

function rankingSection(b: AreaBoard): string {
  if (b.ranking === null) return section('物业公司排名', empty('还没有发布过排名。'));
  const r = b.ranking.ranking;
  const head =
    '<tr><th>公司</th><th>得分</th><th>按时解决</th><th>按时响应</th><th>满意度</th><th>吹哨</th></tr>';
  const rows = [...r.rated, ...r.unrated].map(rankingRow).join('');
  const unrated = r.unrated.length > 0 ? '<p class="m">无名次的公司: 工单太少, 不参加评分。</p>' : '';
  return section(
    `物业公司排名 ${b.ranking.label}`,
    `<div class="t"><table>${head}${rows}</table></div>${unrated}`,
  );
}

function escalatedSection(b: AreaBoard): string {
  if (b.escalated.length === 0) return section('吹哨工单', empty('目前没有吹哨的工单。'));
  const items = b.escalated
    .map((t) => ticketItem(t, t.withCommunity ? ` · 在${e(b.areaKind)}处理中` : ' · 已交回小区'))
    .join('');
  return section('吹哨工单', `<ul>${items}</ul>${more(b.escalated.length, b.escalatedTotal, '件工单')}`);
}

export function renderAreaBoard(b: AreaBoard): string {
  return page(
    `${b.name} 公示页`,
    `${b.areaKind} · 各小区工单 · 物业排名 · 更新于 ${formatDateTime(b.now, b.tz)}`,
    compoundsSection(b) + rankingSection(b) + escalatedSection(b),
    '红管家 · 只读公示页, 不含个人信息',
  );
}

export function renderBoard(b: Board): string {
  return b.kind === 'compound' ? renderCompoundBoard(b) : renderAreaBoard(b);
}

/** The page of an unknown or replaced link. */
export function notFoundPage(): string {
  return page(
    '页面不存在',
    '红管家 公示页',
    section('找不到这个公示页', '<p>链接不对, 或已被管理员重置。请在群里发送 /公示页 获取新的链接。</p>'),
    '红管家',
  );
}

/** The answer to anything but GET and HEAD: the pages only read. */
export function methodNotAllowedPage(): string {
  return page(
    '不支持的操作',
    '红管家 公示页',
    section('只能查看', '<p>公示页只能查看, 不能修改。</p>'),
    '红管家',
  );
}
