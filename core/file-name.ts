/**
 * File names that come from WeChat members (a photo's or a file's name) made safe to write to disk
 * and to show: disks limit a name to 255 bytes, not characters, and a name is whatever the
 * sender's phone made of it.
 */
import { cutUtf8 } from './text.js';

// C0 and C1 controls, DEL, and the invisible format characters (zero-width space, direction marks
// and direction overrides such as U+202E that show "gpj.exe" as "exe.jpg"). The zero-width joiner
// stays: it is what holds an emoji family together.
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  /[\u0000-\u001f\u007f-\u009f\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
// A surrogate without its pair: invalid UTF-16, which no disk can store as a name.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Characters Windows refuses in names and shells trip over. */
const RESERVED = /[<>:"|?*]/g;
/** Names Windows keeps for devices, with or without an extension. */
const DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * `name` made safe as one file name of at most `maxBytes` UTF-8 bytes: only the last path segment
 * (no folders), no control or invisible characters, no characters Windows refuses, not hidden (no
 * leading dot), no trailing dots or blanks; cut on whole characters with its extension kept.
 * Returns '' when nothing usable is left (the caller picks a name).
 */
export function fileNameWithin(name: string, maxBytes: number): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(INVISIBLE, '')
    .replace(RESERVED, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (base === '') return '';
  const safe = DEVICE.test(base) ? `_${base}` : base;
  if (Buffer.byteLength(safe, 'utf8') <= maxBytes) return safe;
  const dot = safe.lastIndexOf('.');
  const ext = dot > 0 ? safe.slice(dot) : '';
  // An extension is kept whole only when it is one (short) and leaves room for the name.
  const keepExt = ext !== '' && Buffer.byteLength(ext, 'utf8') <= Math.min(16, maxBytes / 4);
  if (!keepExt) return cutUtf8(safe, maxBytes).replace(/[.\s]+$/, '');
  const stem = cutUtf8(safe.slice(0, dot), maxBytes - Buffer.byteLength(ext, 'utf8')).replace(/[.\s]+$/, '');
  return stem === '' ? cutUtf8(safe, maxBytes) : stem + ext;
}
