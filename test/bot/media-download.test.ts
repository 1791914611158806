import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FileBox } from 'file-box';
import { describe, expect, it } from 'vitest';
import { writeAtMost } from '../../bot/wechaty-adapter.js';

const KB = 1024;

/** A file of `chunks` x 16KB that the puppet streams without saying its size; counts what was read. */
function streamedFile(chunks: number): { box: ReturnType<typeof FileBox.fromStream>; pulled: () => number } {
  let pulled = 0;
  const stream = Readable.from(
    (function* () {
      for (let i = 0; i < chunks; i++) {
        pulled++;
        yield Buffer.alloc(16 * KB, i % 256);
      }
    })(),
  );
  return { box: FileBox.fromStream(stream, '现场.mp4'), pulled: () => pulled };
}

describe('downloading a member’s file with a size limit', () => {
  it('GIVEN a 16MB video whose size the puppet did not report WHEN the limit is 1MB THEN reading stops near 1MB and it says too large', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hgj-download-'));
    const { box, pulled } = streamedFile(1024);
    expect(box.size).toBeLessThan(0); // unknown: only the download can tell
    expect(await writeAtMost(box, join(dir, 'big.mp4'), 1024 * KB)).toBeNull();
    // 64 chunks make the limit; a few more sit in the stream's buffers, not the other 950.
    expect(pulled()).toBeLessThan(100);
    expect(existsSync(join(dir, 'big.mp4')) ? statSync(join(dir, 'big.mp4')).size : 0).toBeLessThanOrEqual(
      1024 * KB,
    );
  });

  it('GIVEN a file within the limit THEN it is written whole and its bytes are returned', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hgj-download-'));
    const { box } = streamedFile(8);
    expect(await writeAtMost(box, join(dir, 'ok.mp4'), 128 * KB)).toBe(128 * KB);
    expect(readFileSync(join(dir, 'ok.mp4'))).toHaveLength(128 * KB);
  });
});
