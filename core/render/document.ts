/**
 * A small page renderer for the pictures the bot posts (vote results, three-affairs notices): a
 * column of blocks (title, headings, wrapped text, tables, horizontal bars) laid out top to bottom
 * on a white page, measured first so the picture is exactly as tall as its content. Text wraps by
 * character, which is how Chinese wraps, and table cells wrap inside their column.
 */
import type { SKRSContext2D } from '@napi-rs/canvas';
import { drawing, font } from './fonts.js';

export interface Bar {
  label: string;
  /** The bar's length as a share of the full width, 0..1. */
  fraction: number;
  /** Printed after the bar, e.g. "12 票 (40%)". */
  valueLabel: string;
  color?: string;
}

export type Block =
  | { kind: 'title'; text: string; sub?: string }
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string; muted?: boolean; color?: string }
  | {
      kind: 'table';
      /** Column widths are shares of the page width; they should add up to 1. */
      columns: { label: string; share: number; align?: 'left' | 'right' }[];
      rows: string[][];
      /** Shown as one muted row when there are no rows. */
      empty?: string;
    }
  | {
      kind: 'bars';
      bars: Bar[];
      /** A vertical threshold line, e.g. the 2/3 quorum, as a share of the bar width. */
      threshold?: { fraction: number; label: string };
    };

export const RED = '#c0392b';
const INK = '#222222';
const MUTED = '#777777';
const RULE = '#dddddd';
const BAR = '#d35400';
const BAR_BACK = '#f3ece6';

const PAD = 32;
const TITLE_PX = 30;
const SUB_PX = 18;
const HEAD_PX = 22;
const TEXT_PX = 18;
const LINE = 1.45;

interface Drawn {
  height: number;
  draw(g: SKRSContext2D, top: number): void;
}

/** Splits text into lines no wider than `width` at the current font, by character. */
export function wrap(g: SKRSContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const ch of paragraph) {
      if (line !== '' && g.measureText(line + ch).width > width) {
        lines.push(line);
        line = ch.trim() === '' ? '' : ch;
      } else {
        line += ch;
      }
    }
    lines.push(line);
  }
  return lines;
}

function layout(g: SKRSContext2D, block: Block, width: number): Drawn {
  const inner = width - 2 * PAD;
  switch (block.kind) {
    case 'title': {
      g.font = font(TITLE_PX, true);
      const lines = wrap(g, block.text, inner);
      g.font = font(SUB_PX);
      const sub = block.sub === undefined ? [] : wrap(g, block.sub, inner);
      const height = lines.length * TITLE_PX * LINE + sub.length * SUB_PX * LINE + 14;
      return {
        height,
        draw(c, top) {
          c.fillStyle = RED;
          c.font = font(TITLE_PX, true);
          for (const [i, l] of lines.entries()) c.fillText(l, PAD, top + (i + 1) * TITLE_PX * LINE - 8);
          c.fillStyle = MUTED;
          c.font = font(SUB_PX);
          const base = top + lines.length * TITLE_PX * LINE;
          for (const [i, l] of sub.entries()) c.fillText(l, PAD, base + (i + 1) * SUB_PX * LINE - 6);
          c.fillStyle = RED;
          c.fillRect(PAD, top + height - 4, inner, 3);
        },
      };
    }
    case 'heading': {
      g.font = font(HEAD_PX, true);
      const lines = wrap(g, block.text, inner);
      return {
        height: lines.length * HEAD_PX * LINE + 12,
        draw(c, top) {
          c.fillStyle = INK;
          c.font = font(HEAD_PX, true);
          for (const [i, l] of lines.entries()) c.fillText(l, PAD, top + 12 + (i + 1) * HEAD_PX * LINE - 8);
        },
      };
    }
    case 'text': {
      g.font = font(TEXT_PX);
      const lines = wrap(g, block.text, inner);
      return {
        height: lines.length * TEXT_PX * LINE + 4,
        draw(c, top) {
          c.fillStyle = block.color ?? (block.muted ? MUTED : INK);
          c.font = font(TEXT_PX);
          for (const [i, l] of lines.entries()) c.fillText(l, PAD, top + (i + 1) * TEXT_PX * LINE - 6);
        },
      };
    }
    case 'table': {
      const px = TEXT_PX - 1;
      const cellPad = 8;
      const widths = block.columns.map((col) => col.share * inner);
      g.font = font(px);
      const wrapRow = (cells: string[]) =>
        block.columns.map((_, i) => wrap(g, cells[i] ?? '', Math.max(20, (widths[i] ?? 0) - 2 * cellPad)));
      g.font = font(px, true);
      const header = block.columns.map((col, i) =>
        wrap(g, col.label, Math.max(20, (widths[i] ?? 0) - 2 * cellPad)),
      );
      g.font = font(px);
      const rows = block.rows.length === 0 && block.empty ? null : block.rows.map(wrapRow);
      const rowHeight = (cells: string[][]) => Math.max(1, ...cells.map((c) => c.length)) * px * LINE + 10;
      const heights = [rowHeight(header), ...(rows ?? [[[block.empty ?? '']]]).map(rowHeight)];
      return {
        height: heights.reduce((a, b) => a + b, 0) + 8,
        draw(c, top) {
          let y = top;
          const drawRow = (cells: string[][], bold: boolean, h: number, muted: boolean) => {
            let x = PAD;
            c.font = font(px, bold);
            c.fillStyle = muted ? MUTED : INK;
            cells.forEach((lines, i) => {
              const w = widths[i] ?? 0;
              const right = block.columns[i]?.align === 'right';
              lines.forEach((l, j) => {
                const lx = right ? x + w - cellPad - c.measureText(l).width : x + cellPad;
                c.fillText(l, lx, y + (j + 1) * px * LINE);
              });
              x += w;
            });
            y += h;
            c.fillStyle = RULE;
            c.fillRect(PAD, y - 1, inner, 1);
          };
          c.fillStyle = '#fbf3ef';
          c.fillRect(PAD, y, inner, heights[0] ?? 0);
          drawRow(header, true, heights[0] ?? 0, false);
          if (rows === null) {
            c.font = font(px);
            c.fillStyle = MUTED;
            c.fillText(block.empty ?? '', PAD + cellPad, y + px * LINE);
            y += heights[1] ?? 0;
          } else {
            for (const [i, r] of rows.entries()) drawRow(r, false, heights[i + 1] ?? 0, false);
          }
        },
      };
    }
    case 'bars': {
      const labelShare = 0.28;
      const valueShare = 0.22;
      const rowH = 38;
      const thresholdRoom = block.threshold ? 26 : 0;
      g.font = font(TEXT_PX);
      const labels = block.bars.map((b) => wrap(g, b.label, inner * labelShare - 10)[0] ?? '');
      return {
        height: block.bars.length * rowH + thresholdRoom + 10,
        draw(c, top) {
          const barX = PAD + inner * labelShare;
          const barW = inner * (1 - labelShare - valueShare);
          block.bars.forEach((b, i) => {
            const y = top + thresholdRoom + i * rowH;
            c.font = font(TEXT_PX);
            c.fillStyle = INK;
            c.fillText(labels[i] ?? '', PAD, y + 25);
            c.fillStyle = BAR_BACK;
            c.fillRect(barX, y + 6, barW, 26);
            c.fillStyle = b.color ?? BAR;
            c.fillRect(barX, y + 6, barW * Math.min(1, Math.max(0, b.fraction)), 26);
            c.fillStyle = INK;
            c.fillText(b.valueLabel, barX + barW + 10, y + 25);
          });
          if (block.threshold) {
            const x = barX + barW * block.threshold.fraction;
            c.strokeStyle = RED;
            c.lineWidth = 2;
            c.setLineDash([6, 4]);
            c.beginPath();
            c.moveTo(x, top + thresholdRoom - 4);
            c.lineTo(x, top + thresholdRoom + block.bars.length * rowH + 2);
            c.stroke();
            c.setLineDash([]);
            c.fillStyle = RED;
            c.font = font(TEXT_PX - 3, true);
            const w = c.measureText(block.threshold.label).width;
            c.fillText(block.threshold.label, Math.min(x - w / 2, barX + barW - w), top + thresholdRoom - 8);
          }
        },
      };
    }
  }
}

/** Renders the blocks as one PNG page `width` px wide. */
export function renderDocument(blocks: readonly Block[], width = 900): Buffer {
  const { createCanvas } = drawing();
  const scratch = createCanvas(width, 10).getContext('2d');
  const parts = blocks.map((b) => layout(scratch, b, width));
  const gap = 10;
  const height = Math.ceil(PAD * 2 + parts.reduce((s, p) => s + p.height + gap, 0));
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, width, height);
  let top = PAD;
  for (const part of parts) {
    part.draw(g, top);
    top += part.height + gap;
  }
  g.fillStyle = MUTED;
  g.font = font(13);
  g.fillText('红管家', width - PAD - g.measureText('红管家').width, height - 12);
  return canvas.toBuffer('image/png');
}
