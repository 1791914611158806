/**
 * The CJK font every picture of the bot is drawn with. It ships as an npm package (Noto Sans SC,
 * SIL Open Font License), so `npm install` is the whole set-up: no system font is needed and a
 * server without any Chinese font still renders 投票结果 correctly, not as boxes.
 */
import { createRequire } from 'node:module';
import { GlobalFonts } from '@napi-rs/canvas';

/** The family name to use in `ctx.font`, e.g. `bold 28px ${FONT_FAMILY}`. */
export const FONT_FAMILY = '"HGJ Sans"';

const require = createRequire(import.meta.url);
let registered = false;

/** Registers the regular and bold faces once per process; safe to call before every drawing. */
export function ensureFonts(): void {
  if (registered) return;
  for (const face of ['400Regular/NotoSansSC_400Regular.ttf', '700Bold/NotoSansSC_700Bold.ttf']) {
    const path = require.resolve(`@expo-google-fonts/noto-sans-sc/${face}`);
    if (GlobalFonts.registerFromPath(path, 'HGJ Sans') === null) {
      throw new Error(`font not loaded: ${path}`);
    }
  }
  registered = true;
}

/** `ctx.font` for a size in px, regular or bold. */
export function font(px: number, bold = false): string {
  return `${bold ? 'bold ' : ''}${px}px ${FONT_FAMILY}`;
}
