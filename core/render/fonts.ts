/**
 * The drawing library and the CJK font every picture of the bot is drawn with. The font ships as
 * an npm package (Noto Sans SC, SIL Open Font License), so `npm install` is the whole set-up: no
 * system font is needed and a server without any Chinese font still renders 投票结果 correctly,
 * not as boxes.
 *
 * Both load when the first picture is drawn, not when the bot starts (issue 14): @napi-rs/canvas
 * is a native Skia build and the two faces are megabytes each, while a bot draws a picture only
 * when a vote closes or a notice goes out. A synchronous require keeps the render functions
 * synchronous.
 */
import { createRequire } from 'node:module';
import type * as Canvas from '@napi-rs/canvas';

/** The family name to use in `ctx.font`, e.g. `bold 28px ${FONT_FAMILY}`. */
export const FONT_FAMILY = '"HGJ Sans"';

const require = createRequire(import.meta.url);
let loaded: typeof Canvas | null = null;

/** @napi-rs/canvas with the regular and bold faces registered; loaded by the first call only. */
export function drawing(): typeof Canvas {
  if (loaded !== null) return loaded;
  const canvas = require('@napi-rs/canvas') as typeof Canvas;
  for (const face of ['400Regular/NotoSansSC_400Regular.ttf', '700Bold/NotoSansSC_700Bold.ttf']) {
    const path = require.resolve(`@expo-google-fonts/noto-sans-sc/${face}`);
    if (canvas.GlobalFonts.registerFromPath(path, 'HGJ Sans') === null) {
      throw new Error(`font not loaded: ${path}`);
    }
  }
  loaded = canvas;
  return canvas;
}

/** `ctx.font` for a size in px, regular or bold. */
export function font(px: number, bold = false): string {
  return `${bold ? 'bold ' : ''}${px}px ${FONT_FAMILY}`;
}
