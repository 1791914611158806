import { describe, expect, it } from 'vitest';
import { fileNameWithin } from '../../core/file-name.js';
import { cutUtf8 } from '../../core/text.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
/** True when the string has no lone surrogate (encoding would turn one into U+FFFD). */
const wellFormed = (s: string) => Buffer.from(s, 'utf8').toString('utf8') === s;
const graphemes = (s: string) =>
  [...new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(s)].map((g) => g.segment);

describe('cutting text by UTF-8 bytes', () => {
  it('GIVEN CJK text longer than the budget THEN it is cut to whole characters within the bytes', () => {
    const cut = cutUtf8('漏水'.repeat(50), 200);
    expect(bytes(cut)).toBe(198); // 66 characters of 3 bytes; a 67th would need 201
    expect(cut).toBe('漏水'.repeat(33));
  });

  it('GIVEN emoji, a family and a flag at the cut THEN none of them is cut in half', () => {
    for (const unit of ['🔥', '👨‍👩‍👧', '🇨🇳', 'é']) {
      for (let budget = 0; budget <= 40; budget++) {
        const cut = cutUtf8(`a${unit.repeat(10)}`, budget);
        expect(bytes(cut)).toBeLessThanOrEqual(budget);
        expect(wellFormed(cut)).toBe(true);
        expect(graphemes(cut).every((g) => g === 'a' || g === unit)).toBe(true);
      }
    }
  });

  it('GIVEN text within the budget THEN it is returned as it is', () => {
    expect(cutUtf8('灯坏了.jpg', 200)).toBe('灯坏了.jpg');
  });
});

describe('a file name safe on disk', () => {
  it('GIVEN 100 CJK characters and an extension THEN the name is at most the bytes asked, extension kept', () => {
    const name = fileNameWithin(`${'楼道灯'.repeat(34)}.jpeg`, 200);
    expect(bytes(name)).toBeLessThanOrEqual(200);
    expect(name.endsWith('.jpeg')).toBe(true);
    expect(name.startsWith('楼道灯楼道灯')).toBe(true);
  });

  it('GIVEN emoji names THEN the cut keeps whole emoji and the extension', () => {
    const name = fileNameWithin(`${'👨‍👩‍👧'.repeat(20)}.png`, 100);
    expect(bytes(name)).toBeLessThanOrEqual(100);
    expect(wellFormed(name)).toBe(true);
    expect(name.endsWith('.png')).toBe(true);
    expect(graphemes(name.slice(0, -4)).every((g) => g === '👨‍👩‍👧')).toBe(true);
  });

  it('GIVEN folders, control characters, direction overrides and lone surrogates THEN they are gone', () => {
    expect(fileNameWithin('../../etc/passwd', 200)).toBe('passwd');
    expect(fileNameWithin('C:\\Users\\me\\报价单.pdf', 200)).toBe('报价单.pdf');
    expect(fileNameWithin('报价\u0000单\n\t.pdf', 200)).toBe('报价单.pdf');
    // U+202E shows "photo‮gpj.exe" as "photoexe.jpg" in a list.
    expect(fileNameWithin('photo\u202egpj.exe', 200)).toBe('photogpj.exe');
    expect(fileNameWithin('坏\ud83d图.jpg', 200)).toBe('坏\ufffd图.jpg');
    expect(fileNameWithin('漏水 照片?.jpg', 200)).toBe('漏水 照片_.jpg');
    expect(fileNameWithin('.hidden', 200)).toBe('hidden');
    expect(fileNameWithin(' 名字. ', 200)).toBe('名字');
    expect(fileNameWithin('..', 200)).toBe('');
    expect(fileNameWithin('\u200b\u200b', 200)).toBe('');
  });

  it('GIVEN an "extension" as long as the name THEN it is not kept whole at the cost of the name', () => {
    const name = fileNameWithin(`a.${'长'.repeat(100)}`, 60);
    expect(bytes(name)).toBeLessThanOrEqual(60);
    expect(name.startsWith('a.长')).toBe(true);
  });
});
