/**
 * File sizes as owners and committees read and type them: WeChat shows sizes in KB and MB (of
 * 1,024), so the attachment limits (SPEC "Settings per compound") are written the same way.
 */

export const KB = 1024;
export const MB = 1024 * KB;
export const GB = 1024 * MB;

/** "20MB", "1.5MB", "512KB", "1GB": the largest unit that reads as a number, at most one decimal. */
export function formatSize(bytes: number): string {
  const [unit, name] = bytes >= GB ? [GB, 'GB'] : bytes >= MB ? [MB, 'MB'] : [KB, 'KB'];
  return `${Number((bytes / unit).toFixed(1))}${name}`;
}

const UNITS: Record<string, number> = { k: KB, kb: KB, m: MB, mb: MB, 兆: MB, g: GB, gb: GB };

/** "20MB", "20M", "20兆", "512KB", "1.5G", or a bare number of MB, in bytes; null when unreadable. */
export function parseSize(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z兆]*)$/i.exec(text.trim());
  if (!m?.[1]) return null;
  const unit = m[2] === undefined || m[2] === '' ? MB : UNITS[m[2].toLowerCase()];
  return unit === undefined ? null : Math.round(Number(m[1]) * unit);
}
