/**
 * Reads a WeChat quote-reply (引用) out of a message's text (SPEC "Owners' own words"). Wechaty
 * has no quote API; each puppet flattens the appmsg of type 57 (its `<refermsg>` holds the quoted
 * speaker and text, its `<title>` the reply) into text its own way:
 * - padlocal 1.x, wechat4u, wechatferry, and the puppet services built on them:
 *   `「张三：原消息」\n- - - - - - - - - - - - - - -\n回复`
 * - padlocal 0.x: `回复\n「张三：原消息」`
 * - puppets that do not parse appmsg hand over the XML itself (in a group prefixed `wxid:\n`).
 * Pure and total: every string gets an answer, none throws.
 */

export interface Quote {
  /** The quoted speaker's name as WeChat showed it (their group nickname, else their WeChat name). */
  authorName: string;
  /** The quoted speaker's contact id, when the puppet handed it over (the XML form only). */
  authorId: string | null;
  /** What the quoted message said; for a photo or other media, the puppet's placeholder word. */
  text: string;
  /** False when the quoted message was a photo, video, sticker, location or unknown. */
  isText: boolean;
  /**
   * The group members the transport found by `authorName` (their group nickname or WeChat name),
   * when it looked; the parser leaves it unset.
   */
  members?: readonly { id: string; name: string }[];
}

export interface QuotedMessage {
  quote: Quote;
  /** What the member typed under the quote (may be empty). */
  reply: string;
}

/** The words puppets put in place of a quoted message that is not text. */
const MEDIA_PLACEHOLDERS = new Set([
  '图片',
  '视频',
  '动画表情',
  '位置',
  '未知消息',
  '[图片]',
  '[视频]',
  '[动画表情]',
  '[位置]',
  '[文件]',
  '[语音]',
]);

/** A line of dashes, spaced or not: what the puppets put between the quote and the reply. */
const SEPARATOR = /\n[ \t]*(?:[-—－][ \t]*){3,}(?:\n|$)/g;

/** Splits `张三：原消息` at its first colon; full-width first, as WeChat's own texts use it. */
function splitSpeaker(inner: string): { authorName: string; text: string } | null {
  let at = inner.indexOf('：');
  if (at < 0) at = inner.indexOf(':');
  if (at <= 0) return null;
  const authorName = inner.slice(0, at).trim();
  const text = inner.slice(at + 1).trim();
  if (authorName === '' || authorName.includes('\n')) return null;
  return { authorName, text };
}

function textQuote(inner: string): Quote | null {
  const parts = splitSpeaker(inner);
  if (!parts) return null;
  return { ...parts, authorId: null, isText: parts.text !== '' && !MEDIA_PLACEHOLDERS.has(parts.text) };
}

/** `「张三：原消息」` + separator line + reply. */
function quoteFirst(raw: string): QuotedMessage | null {
  const text = raw.trimStart();
  if (!text.startsWith('「')) return null;
  // The first separator line right after a closing 」: a quoted text may hold dashes of its own.
  for (const sep of text.matchAll(SEPARATOR)) {
    const head = text.slice(0, sep.index).trimEnd();
    if (!head.endsWith('」')) continue;
    const quote = textQuote(head.slice(1, -1));
    if (quote) return { quote, reply: text.slice(sep.index + sep[0].length).trim() };
  }
  return null;
}

/** Reply + newline + `「张三：原消息」` at the very end. */
function quoteLast(raw: string): QuotedMessage | null {
  const text = raw.trimEnd();
  if (!text.endsWith('」')) return null;
  let from = text.indexOf('\n「');
  while (from >= 0) {
    const quote = textQuote(text.slice(from + 2, -1));
    if (quote) return { quote, reply: text.slice(0, from).trim() };
    from = text.indexOf('\n「', from + 1);
  }
  return null;
}

function unescapeXml(s: string): string {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*)\]\]>\s*$/.exec(s);
  if (cdata) return cdata[1] ?? '';
  return s.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (whole, code: string) => {
    const c = code.toLowerCase();
    if (c === 'lt') return '<';
    if (c === 'gt') return '>';
    if (c === 'amp') return '&';
    if (c === 'quot') return '"';
    if (c === 'apos') return "'";
    const n = c.startsWith('#x') ? Number.parseInt(c.slice(2), 16) : Number.parseInt(c.slice(1), 10);
    return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
  });
}

/** The first `<tag>…</tag>` of `xml`, unescaped; '' when absent. */
function tag(xml: string, name: string): string {
  const m = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
  return m?.[1] === undefined ? '' : unescapeXml(m[1]).trim();
}

/** The raw appmsg: `<appmsg>…<title>回复</title>…<type>57</type>…<refermsg>…</refermsg>`. */
function quoteXml(raw: string): QuotedMessage | null {
  if (!raw.includes('<refermsg>')) return null;
  const start = raw.search(/<(\?xml|msg[\s>])/);
  if (start < 0) return null;
  const xml = raw.slice(start);
  // The quoted message's own XML sits escaped inside <refermsg>, so the first <title> and <type>
  // outside it are the reply's.
  const refer = /<refermsg>([\s\S]*?)<\/refermsg>/.exec(xml);
  if (!refer?.[1]) return null;
  const outer = xml.replace(refer[0], '');
  if (tag(outer, 'type') !== '57') return null;
  const body = refer[1];
  const authorName = tag(body, 'displayname');
  if (authorName === '') return null;
  const chatUser = tag(body, 'chatusr');
  const fromUser = tag(body, 'fromusr');
  const authorId = chatUser || (fromUser && !fromUser.endsWith('@chatroom') ? fromUser : '') || null;
  const kind = tag(body, 'type');
  let text = tag(body, 'content');
  // In a group the stored content may carry the speaker's id in front, as group messages do.
  if (authorId && text.startsWith(`${authorId}:\n`)) text = text.slice(authorId.length + 2);
  if (kind === '49') text = tag(text, 'title');
  const isText = (kind === '1' || kind === '49') && text !== '';
  return { quote: { authorName, authorId, text, isText }, reply: tag(outer, 'title') };
}

/** The quote and the reply of a quote-reply message, or null for any other text. */
export function parseQuote(raw: string): QuotedMessage | null {
  return quoteXml(raw) ?? quoteFirst(raw) ?? quoteLast(raw);
}
