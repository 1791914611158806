import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { Converter } from 'opencc-js/cn2t';
import { describe, expect, it } from 'vitest';
import { BLIND_FILE, readBlindSet, readCorpus } from '../../../core/classify/corpus.js';
import {
  classifyByRules,
  classifyTicket,
  modelView,
  normalizeTicketText,
  ticketCategories,
  ticketClasses,
} from '../../../core/classify/index.js';
import { readModelFile, shippedModel } from '../../../core/classify/model.js';

const corpus = readCorpus();
const heldOut = corpus.filter((r) => r.heldOut);

describe('the shipped model (core/classify/model.bin)', () => {
  it('loads from the repo without a download; the time is printed, not asserted (a loaded CI box is slow)', () => {
    const url = new URL('../../../core/classify/model.bin', import.meta.url);
    const t0 = performance.now();
    const model = readModelFile(url);
    const ms = performance.now() - t0;
    console.info(
      `model.bin: ${(statSync(url).size / 1024).toFixed(0)} KB, ${model.index.size} features, loaded in ${ms.toFixed(1)} ms`,
    );
    expect(model.index.size).toBeGreaterThan(0);
    expect(shippedModel().unsureMargin).toBe(model.unsureMargin);
  });

  it('GIVEN the fixed held-out split THEN class ≥ 93% and category ≥ 88%, so a retrain that gets worse fails', () => {
    expect(heldOut.length).toBeGreaterThanOrEqual(555);
    let cls = 0;
    let cat = 0;
    for (const row of heldOut) {
      const g = classifyTicket(row.text);
      if (g.ticketClass === row.ticketClass) cls++;
      if (g.category === row.category) cat++;
    }
    // The shipped model reaches class 95.8%, category 90.6% (643 and 608 of 671, blind set 5 folded
    // in). The model before it reached 96.1%, 91.2% on its own split (614) and 96.1%, 90.9% on this
    // one with this round's rules. The floors keep room for a retrain on new sentences that are harder than the old
    // ones (a spent blind set folded in), and stay above issue 16's targets (90%, 85%). With the
    // major floor (blind set 9 folded in) the class is 93.7%: the floor makes about 2% of the
    // tickets 重大 until staff confirm, and a 一般 ticket held to the 重大 clock counts as wrong here.
    expect(cls / heldOut.length).toBeGreaterThanOrEqual(0.93);
    expect(cat / heldOut.length).toBeGreaterThanOrEqual(0.88);
  });

  it('GIVEN any emergency sentence of the corpus (gas, fire, trapped, sewage or water into homes, no power, water or heat) THEN it is never 一般', () => {
    const emergencies = corpus.filter((r) => r.ticketClass === 'major');
    expect(emergencies.length).toBeGreaterThanOrEqual(600);
    const general = emergencies
      .filter((r) => classifyTicket(r.text).ticketClass === 'general')
      .map((r) => r.text);
    expect(general).toEqual([]);
  });
});

describe('the blind set (core/classify/corpus/blind-21.tsv) and the spent ones (independent.tsv to independent-20.tsv, independent-22.tsv to independent-24.tsv)', () => {
  // The blind set measures the shipped classifier honestly; it must never become training data.
  // No accuracy or "no emergency is 一般" assertion here on purpose: a test the model must pass
  // on the blind set would be tuning on it. Its figures and emergency misses are in REPORT.md.
  const header = 'text\tclass\tcategory\tsource\n';
  const corpusDir = (files: Record<string, string>): URL => {
    const dir = mkdtempSync(join(tmpdir(), 'hgj-corpus-'));
    for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), header + body);
    return pathToFileURL(`${dir}/`);
  };
  const trainingFiles = {
    'public.tsv': '电梯困人\tmajor\t维修\thttps://example.com/a\n',
    'rewrites.tsv': '楼道灯坏了\tgeneral\t维修\trewrite\n',
    'independent.tsv': '燃气味好重\tmajor\t安全\tindependent-1\n',
    'independent-2.tsv': '满屋子都是水\tmajor\t维修\tindependent-2\n',
    'independent-3.tsv': '整栋楼跳闸了\tmajor\t维修\tindependent-3\n',
    'independent-4.tsv': '楼梯间有人给电动车充电\tmajor\t安全\tindependent-4\n',
    'independent-5.tsv': '下水井盖被偷了\tmajor\t安全\tindependent-5\n',
    'independent-6.tsv': '沙井个盖唔见咗\tmajor\t安全\tindependent-6\n',
    'independent-7.tsv': '逃生楼梯的门被焊死了\tmajor\t安全\tindependent-7\n',
    'independent-8.tsv': '电表箱跳了推不上去\tmajor\t维修\tindependent-8\n',
    'independent-9.tsv': '水龙头咕噜咕噜响一滴水都不出\tmajor\t维修\tindependent-9\n',
    'independent-10.tsv': '保洁阿姨被反锁在垃圾房里了\tmajor\t安全\tindependent-10\n',
    'independent-11.tsv': '地库里全是呛人的灰雾\tmajor\t安全\tindependent-11\n',
    'independent-12.tsv': '地上多了个黑窟窿\tmajor\t安全\tindependent-12\n',
    'independent-13.tsv': '楼梯扶手断了 老人差点翻下去\tmajor\t安全\tindependent-13\n',
    'independent-14.tsv': '狗掉进没盖的井里了\tmajor\t安全\tindependent-14\n',
    'independent-15.tsv': '检修井的铁板被踩穿了\tmajor\t安全\tindependent-15\n',
    'independent-16.tsv': '闻着像臭蛋\tmajor\t安全\tindependent-16\n',
    'independent-17.tsv': '老人掉进没盖的坑里\tmajor\t安全\tindependent-17\n',
    'independent-18.tsv': '井里掉进去一个人\tmajor\t安全\tindependent-18\n',
    'independent-19.tsv': '窗户玻璃熏黑了 是不是着了\tmajor\t安全\tindependent-19\n',
    'independent-20.tsv': '楼道里一股臭鸡蛋味\tmajor\t安全\tindependent-20\n',
    'independent-22.tsv': '垃圾箱着了\tmajor\t安全\tindependent-22\n',
    'independent-23.tsv': '厨房味道不对 像液化气\tmajor\t安全\tindependent-23\n',
    'independent-24.tsv': '厨房有嘶嘶的声音\tmajor\t安全\tindependent-24\n',
  };

  it('GIVEN the spent blind-20.tsv THEN the blind set is the next one, blind-21.tsv', () => {
    expect(BLIND_FILE).toBe('blind-21');
  });

  it('GIVEN no blind-21.tsv THEN there is no blind set, and the corpus still reads', () => {
    const dir = corpusDir(trainingFiles);
    expect(readBlindSet(dir)).toBeNull();
    expect(readCorpus(dir).map((r) => r.file)).toEqual([
      'public',
      'rewrites',
      'independent',
      'independent-2',
      'independent-3',
      'independent-4',
      'independent-5',
      'independent-6',
      'independent-7',
      'independent-8',
      'independent-9',
      'independent-10',
      'independent-11',
      'independent-12',
      'independent-13',
      'independent-14',
      'independent-15',
      'independent-16',
      'independent-17',
      'independent-18',
      'independent-19',
      'independent-20',
      'independent-22',
      'independent-23',
      'independent-24',
    ]);
  });

  it('GIVEN a blind-21.tsv THEN it reads apart and the training corpus never contains it', () => {
    const dir = corpusDir({ ...trainingFiles, 'blind-21.tsv': '樓梯間有瓦斯味\tmajor\t安全\tblind\n' });
    expect(readBlindSet(dir)).toMatchObject([{ text: '樓梯間有瓦斯味', file: 'blind-21', source: 'blind' }]);
    expect(readCorpus(dir).some((r) => r.file === 'blind-21' || r.text === '樓梯間有瓦斯味')).toBe(false);
  });

  it.each([
    'blind-2.tsv',
    'blind-3.tsv',
    'blind-4.tsv',
    'blind-5.tsv',
    'blind-7.tsv',
    'blind-8.tsv',
    'blind-9.tsv',
    'blind-10.tsv',
    'blind-11.tsv',
    'blind-12.tsv',
    'blind-13.tsv',
    'blind-14.tsv',
    'blind-15.tsv',
    'blind-16.tsv',
    'blind-17.tsv',
    'blind-18.tsv',
    'blind-19.tsv',
    'blind-20.tsv',
    'blind-22.tsv',
    'blind-23.tsv',
    'blind-24.tsv',
  ])('GIVEN a spent %s left behind THEN it is neither the blind set nor training data', (name) => {
    const dir = corpusDir({ ...trainingFiles, [name]: '樓梯間有瓦斯味\tmajor\t安全\tblind\n' });
    expect(readBlindSet(dir)).toBeNull();
    expect(readCorpus(dir).some((r) => r.text === '樓梯間有瓦斯味')).toBe(false);
  });

  it('GIVEN the repo corpus THEN no sentence of the blind set, if there is one yet, is trained on', () => {
    const blind = readBlindSet() ?? [];
    expect(corpus.some((r) => r.file === BLIND_FILE)).toBe(false);
    const training = new Set(corpus.map((r) => r.text));
    expect(blind.filter((r) => training.has(r.text)).map((r) => r.text)).toEqual([]);
  });

  it('GIVEN the spent blind set 1 THEN its 200 sentences are training data in independent.tsv, split like the rest', () => {
    const independent = corpus.filter((r) => r.file === 'independent');
    expect(independent.length).toBe(200);
    expect(independent.every((r) => r.source === 'independent-1')).toBe(true);
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(20);
    expect(held).toBeLessThan(60);
  });

  it('GIVEN the spent blind set 2 THEN its sentences are training data in independent-2.tsv, split like the rest', () => {
    // 300 written; one was already in independent.tsv with the same label, and is kept there.
    const independent = corpus.filter((r) => r.file === 'independent-2');
    expect(independent.length).toBe(299);
    expect(independent.every((r) => r.source === 'independent-2')).toBe(true);
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
  });

  it('GIVEN the spent blind set 3 THEN its 299 sentences are training data in independent-3.tsv, split like the rest', () => {
    const independent = corpus.filter((r) => r.file === 'independent-3');
    expect(independent.length).toBe(299);
    expect(independent.every((r) => r.source === 'independent-3')).toBe(true);
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
  });

  it('GIVEN the spent blind set 4 THEN its sentences are training data in independent-4.tsv, split like the rest', () => {
    // 300 written; two were already in independent-2.tsv with the same labels, and are kept there.
    const independent = corpus.filter((r) => r.file === 'independent-4');
    expect(independent.length).toBe(298);
    expect(independent.every((r) => r.source === 'independent-4')).toBe(true);
    expect(independent.map((r) => r.text)).not.toContain('物业费发票怎么开');
    expect(corpus.filter((r) => r.text === '物业费发票怎么开').map((r) => r.file)).toEqual(['independent-2']);
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
  });

  it('GIVEN the spent blind set 5 THEN its sentences are training data in independent-5.tsv, split like the rest', () => {
    // 300 written; three were already in the corpus with the same labels, and are kept there.
    const independent = corpus.filter((r) => r.file === 'independent-5');
    expect(independent.length).toBe(297);
    expect(independent.every((r) => r.source === 'independent-5')).toBe(true);
    expect(independent.map((r) => r.text)).not.toContain('安全出口的指示灯不亮了');
    expect(corpus.filter((r) => r.text === '安全出口的指示灯不亮了').map((r) => r.file)).toEqual([
      'independent-2',
    ]);
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
  });

  it('GIVEN the spent blind set 6 THEN its sentences are training data in independent-6.tsv, split like the rest', () => {
    // 300 written; three were already in the corpus and are kept there only.
    const independent = corpus.filter((r) => r.file === 'independent-6');
    expect(independent.length).toBe(297);
    expect(independent.every((r) => r.source === 'independent-6')).toBe(true);
    expect(independent.map((r) => r.text)).not.toContain('装修押金什么时候退');
    expect(independent.map((r) => r.text)).toContain('沙井個蓋唔見咗 成個窿喺度 好危險');
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
  });

  it('GIVEN the spent blind set 7 THEN its sentences are training data in independent-7.tsv, split like the rest', () => {
    // 300 written; one was already in the corpus and is kept there only.
    const independent = corpus.filter((r) => r.file === 'independent-7');
    expect(independent.length).toBe(299);
    expect(independent.every((r) => r.source === 'independent-7')).toBe(true);
    expect(independent.map((r) => r.text)).not.toContain('物业费发票怎么开 要电子的');
    expect(independent.map((r) => r.text)).toContain('逃生楼梯那个门被焊死了 谁干的');
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
  });

  it('GIVEN the spent blind set 8 THEN its sentences are training data in independent-8.tsv, split like the rest', () => {
    // 300 written; three were already in the corpus and are kept there only.
    const independent = corpus.filter((r) => r.file === 'independent-8');
    expect(independent.length).toBe(297);
    expect(independent.every((r) => r.source === 'independent-8')).toBe(true);
    expect(independent.map((r) => r.text)).not.toContain('装修押金什么时候退');
    expect(independent.map((r) => r.text)).toContain('地暖分水器那里呲水 我关不掉阀门 地上全是水');
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
  });

  it('GIVEN the spent blind set 9 THEN its sentences are training data in independent-9.tsv, split like the rest', () => {
    // 300 written; one was already in the corpus and is kept there only.
    const independent = corpus.filter((r) => r.file === 'independent-9');
    expect(independent.length).toBe(299);
    expect(independent.every((r) => r.source === 'independent-9')).toBe(true);
    expect(independent.map((r) => r.text)).toContain('水龙头打开就咕噜咕噜响 一点水都不出 隔壁也一样');
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
  });

  it('GIVEN the spent blind set 10 THEN its sentences are training data in independent-10.tsv, split like the rest', () => {
    // 300 written; 13 were already in the corpus and are kept there only.
    const independent = corpus.filter((r) => r.file === 'independent-10');
    expect(independent.length).toBe(287);
    expect(independent.every((r) => r.source === 'independent-10')).toBe(true);
    expect(independent.map((r) => r.text)).not.toContain('收到 谢谢');
    expect(independent.map((r) => r.text)).toContain('外卖小哥被关货梯里半个钟头了 一直给我打电话');
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
  });

  it('GIVEN the spent blind set 11 THEN its sentences are training data in independent-11.tsv, split like the rest', () => {
    // 300 written; 4 were already in the corpus and are kept there only.
    const independent = corpus.filter((r) => r.file === 'independent-11');
    expect(independent.length).toBe(296);
    expect(independent.every((r) => r.source === 'independent-11')).toBe(true);
    expect(independent.map((r) => r.text)).not.toContain('新来的管家姓啥');
    expect(independent.map((r) => r.text)).toContain('保洁大姐推车进去梯子就不走了 她搁里头叫唤半天了');
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
  });

  it('GIVEN the spent blind set 23 THEN its sentences are training data in independent-23.tsv, split like the rest', () => {
    // 300 written; 13 were already in the corpus or in blind set 21 and are kept there only.
    const independent = corpus.filter((r) => r.file === 'independent-23');
    expect(independent.length).toBe(287);
    expect(independent.every((r) => r.source === 'independent-23')).toBe(true);
    expect(independent.map((r) => r.text)).toContain('厨房味道不对 像液化气 阀门关了还是有 我有点头晕');
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
  });

  it('GIVEN the spent blind set 24 THEN its sentences are training data in independent-24.tsv, split like the rest', () => {
    // 300 written; 25 were already in the corpus or in blind set 21 and are kept there only.
    const independent = corpus.filter((r) => r.file === 'independent-24');
    expect(independent.length).toBe(275);
    expect(independent.every((r) => r.source === 'independent-24')).toBe(true);
    expect(independent.map((r) => r.text)).toContain('厨房有嘶嘶的声音 味道有点像液化气 我不敢开灯');
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
  });

  it('GIVEN an independent-24 row with another source THEN reading the corpus fails, naming the line', () => {
    const dir = corpusDir({
      ...trainingFiles,
      'independent-24.tsv': '厨房有嘶嘶的声音\tmajor\t安全\tblind-24\n',
    });
    expect(() => readCorpus(dir)).toThrow('independent-24.tsv:2: source must be');
  });

  it('GIVEN an independent-23 row with another source THEN reading the corpus fails, naming the line', () => {
    const dir = corpusDir({
      ...trainingFiles,
      'independent-23.tsv': '厨房味道不对 像液化气\tmajor\t安全\tblind-23\n',
    });
    expect(() => readCorpus(dir)).toThrow('independent-23.tsv:2: source must be');
  });

  it('GIVEN the spent blind set 22 THEN its sentences are training data in independent-22.tsv, split like the rest', () => {
    // 300 written; 12 were already in the corpus or in blind set 21 and are kept there only.
    const independent = corpus.filter((r) => r.file === 'independent-22');
    expect(independent.length).toBe(288);
    expect(independent.every((r) => r.source === 'independent-22')).toBe(true);
    expect(independent.map((r) => r.text)).toContain('楼下垃圾桶着了');
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
  });

  it('GIVEN an independent-22 row with another source THEN reading the corpus fails, naming the line', () => {
    const dir = corpusDir({
      ...trainingFiles,
      'independent-22.tsv': '垃圾箱着了\tmajor\t安全\tblind-22\n',
    });
    expect(() => readCorpus(dir)).toThrow('independent-22.tsv:2: source must be');
  });

  it('GIVEN the spent blind set 20 THEN its sentences are training data in independent-20.tsv, split like the rest', () => {
    // 300 written; 6 were already in the corpus and are kept there only.
    const independent = corpus.filter((r) => r.file === 'independent-20');
    expect(independent.length).toBe(294);
    expect(independent.every((r) => r.source === 'independent-20')).toBe(true);
    expect(independent.map((r) => r.text)).toContain('三单元楼道一股臭鸡蛋味儿 越往上走越冲 有人管没');
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
  });

  it('GIVEN an independent-20 row with another source THEN reading the corpus fails, naming the line', () => {
    const dir = corpusDir({
      ...trainingFiles,
      'independent-20.tsv': '楼道里一股臭鸡蛋味\tmajor\t安全\tblind-20\n',
    });
    expect(() => readCorpus(dir)).toThrow('independent-20.tsv:2: source must be');
  });

  it('GIVEN the spent blind set 19 THEN its sentences are training data in independent-19.tsv, split like the rest', () => {
    // 300 written; 12 were already in the corpus and are kept there only.
    const independent = corpus.filter((r) => r.file === 'independent-19');
    expect(independent.length).toBe(288);
    expect(independent.every((r) => r.source === 'independent-19')).toBe(true);
    expect(independent.map((r) => r.text)).toContain(
      '对面楼那个窗户里红光一闪一闪的 玻璃都熏黑了 是不是着了？？',
    );
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
  });

  it('GIVEN an independent-19 row with another source THEN reading the corpus fails, naming the line', () => {
    const dir = corpusDir({
      ...trainingFiles,
      'independent-19.tsv': '窗户玻璃熏黑了 是不是着了\tmajor\t安全\tblind-19\n',
    });
    expect(() => readCorpus(dir)).toThrow('independent-19.tsv:2: source must be');
  });

  it('GIVEN the spent blind set 18 THEN its sentences are training data in independent-18.tsv, split like the rest', () => {
    // 300 written; 13 were already in the corpus and are kept there only.
    const independent = corpus.filter((r) => r.file === 'independent-18');
    expect(independent.length).toBe(287);
    expect(independent.every((r) => r.source === 'independent-18')).toBe(true);
    expect(independent.map((r) => r.text)).toContain('绿化带那个检修井里好像掉进去一个人 能听见喊');
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
  });

  it('GIVEN an independent-18 row with another source THEN reading the corpus fails, naming the line', () => {
    const dir = corpusDir({
      ...trainingFiles,
      'independent-18.tsv': '井里掉进去一个人\tmajor\t安全\tblind-18\n',
    });
    expect(() => readCorpus(dir)).toThrow('independent-18.tsv:2: source must be');
  });

  it('GIVEN the spent blind set 17 THEN its sentences are training data in independent-17.tsv, split like the rest', () => {
    // 300 written; 7 were already in the corpus and are kept there only.
    const independent = corpus.filter((r) => r.file === 'independent-17');
    expect(independent.length).toBe(293);
    expect(independent.every((r) => r.source === 'independent-17')).toBe(true);
    expect(independent.map((r) => r.text)).toContain(
      '我家小子坐在天台那段松脱的栏杆上玩，我过去一拉那栏杆直晃',
    );
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
  });

  it('GIVEN an independent-17 row with another source THEN reading the corpus fails, naming the line', () => {
    const dir = corpusDir({
      ...trainingFiles,
      'independent-17.tsv': '老人掉进没盖的坑里\tmajor\t安全\tblind-17\n',
    });
    expect(() => readCorpus(dir)).toThrow('independent-17.tsv:2: source must be');
  });

  it('GIVEN the spent blind set 16 THEN its sentences are training data in independent-16.tsv, split like the rest', () => {
    // 300 written; 12 were already in the corpus and are kept there only.
    const independent = corpus.filter((r) => r.file === 'independent-16');
    expect(independent.length).toBe(288);
    expect(independent.every((r) => r.source === 'independent-16')).toBe(true);
    expect(independent.map((r) => r.text)).not.toContain('业委会电话多少');
    expect(independent.map((r) => r.text)).toContain(
      '我家猫一直往厨房门口嗅 我一进去头就有点晕 闻着像放了半个月的臭蛋',
    );
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
  });

  it('GIVEN an independent-16 row with another source THEN reading the corpus fails, naming the line', () => {
    const dir = corpusDir({
      ...trainingFiles,
      'independent-16.tsv': '闻着像臭蛋\tmajor\t安全\tblind-16\n',
    });
    expect(() => readCorpus(dir)).toThrow('independent-16.tsv:2: source must be');
  });

  it('GIVEN the spent blind set 15 THEN its sentences are training data in independent-15.tsv, split like the rest', () => {
    // 300 written; 3 were already in the corpus and are kept there only.
    const independent = corpus.filter((r) => r.file === 'independent-15');
    expect(independent.length).toBe(297);
    expect(independent.every((r) => r.source === 'independent-15')).toBe(true);
    expect(independent.map((r) => r.text)).toContain(
      '会所卫生间隔间的锁坏了，一个老爷子在里面打不开门，叫了半天',
    );
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
  });

  it('GIVEN an independent-15 row with another source THEN reading the corpus fails, naming the line', () => {
    const dir = corpusDir({
      ...trainingFiles,
      'independent-15.tsv': '检修井的铁板被踩穿了\tmajor\t安全\tblind-15\n',
    });
    expect(() => readCorpus(dir)).toThrow('independent-15.tsv:2: source must be');
  });

  it('GIVEN the spent blind set 14 THEN its sentences are training data in independent-14.tsv, split like the rest', () => {
    // 300 written; 10 were already in the corpus and are kept there only.
    const independent = corpus.filter((r) => r.file === 'independent-14');
    expect(independent.length).toBe(290);
    expect(independent.every((r) => r.source === 'independent-14')).toBe(true);
    expect(independent.map((r) => r.text)).not.toContain('业委会电话多少');
    expect(independent.map((r) => r.text)).toContain(
      '我家狗子掉进草坪边上一个没盖子的井里了，在底下叫，好深',
    );
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
  });

  it('GIVEN an independent-14 row with another source THEN reading the corpus fails, naming the line', () => {
    const dir = corpusDir({
      ...trainingFiles,
      'independent-14.tsv': '狗掉进没盖的井里了\tmajor\t安全\tblind-14\n',
    });
    expect(() => readCorpus(dir)).toThrow('independent-14.tsv:2: source must be');
  });

  it('GIVEN the spent blind set 13 THEN its sentences are training data in independent-13.tsv, split like the rest', () => {
    // 300 written; 4 were already in the corpus and are kept there only.
    const independent = corpus.filter((r) => r.file === 'independent-13');
    expect(independent.length).toBe(296);
    expect(independent.every((r) => r.source === 'independent-13')).toBe(true);
    expect(independent.map((r) => r.text)).not.toContain('收到 谢谢');
    expect(independent.map((r) => r.text)).toContain('楼梯扶手断了 刚才一个老人差点翻下去');
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
  });

  it('GIVEN an independent-13 row with another source THEN reading the corpus fails, naming the line', () => {
    const dir = corpusDir({
      ...trainingFiles,
      'independent-13.tsv': '楼梯扶手断了 老人差点翻下去\tmajor\t安全\tblind-13\n',
    });
    expect(() => readCorpus(dir)).toThrow('independent-13.tsv:2: source must be');
  });

  it('GIVEN the spent blind set 12 THEN its sentences are training data in independent-12.tsv, split like the rest', () => {
    // 300 written; 2 were already in the corpus and are kept there only.
    const independent = corpus.filter((r) => r.file === 'independent-12');
    expect(independent.length).toBe(298);
    expect(independent.every((r) => r.source === 'independent-12')).toBe(true);
    expect(independent.map((r) => r.text)).toContain('篮球场边上地上多了个黑窟窿 原来的铁盖子没了');
    const held = independent.filter((r) => r.heldOut).length;
    expect(held).toBeGreaterThan(35);
    expect(held).toBeLessThan(85);
  });

  it('GIVEN an independent-12 row with another source THEN reading the corpus fails, naming the line', () => {
    const dir = corpusDir({
      ...trainingFiles,
      'independent-12.tsv': '地上多了个黑窟窿\tmajor\t安全\tblind-12\n',
    });
    expect(() => readCorpus(dir)).toThrow('independent-12.tsv:2: source must be');
  });

  it('GIVEN an independent-11 row with another source THEN reading the corpus fails, naming the line', () => {
    const dir = corpusDir({
      ...trainingFiles,
      'independent-11.tsv': '地库里全是呛人的灰雾\tmajor\t安全\tblind-11\n',
    });
    expect(() => readCorpus(dir)).toThrow('independent-11.tsv:2: source must be');
  });

  it('GIVEN an independent-10 row with another source THEN reading the corpus fails, naming the line', () => {
    const dir = corpusDir({
      ...trainingFiles,
      'independent-10.tsv': '保洁阿姨被反锁在垃圾房里了\tmajor\t安全\tblind-10\n',
    });
    expect(() => readCorpus(dir)).toThrow('independent-10.tsv:2: source must be');
  });

  it('GIVEN an independent-9 row with another source THEN reading the corpus fails, naming the line', () => {
    const dir = corpusDir({
      ...trainingFiles,
      'independent-9.tsv': '水龙头咕噜咕噜响一滴水都不出\tmajor\t维修\tblind-9\n',
    });
    expect(() => readCorpus(dir)).toThrow('independent-9.tsv:2: source must be');
  });

  it('GIVEN an independent-7 row with another source THEN reading the corpus fails, naming the line', () => {
    const dir = corpusDir({
      ...trainingFiles,
      'independent-7.tsv': '逃生楼梯的门被焊死了\tmajor\t安全\tblind-7\n',
    });
    expect(() => readCorpus(dir)).toThrow('independent-7.tsv:2: source must be');
  });

  it('GIVEN an independent-6 row with another source THEN reading the corpus fails, naming the line', () => {
    const dir = corpusDir({
      ...trainingFiles,
      'independent-6.tsv': '沙井个盖唔见咗\tmajor\t安全\tblind-6\n',
    });
    expect(() => readCorpus(dir)).toThrow('independent-6.tsv:2: source must be');
  });

  it('GIVEN an independent-5 row with another source THEN reading the corpus fails, naming the line', () => {
    const dir = corpusDir({
      ...trainingFiles,
      'independent-5.tsv': '下水井盖被偷了\tmajor\t安全\tblind-5\n',
    });
    expect(() => readCorpus(dir)).toThrow('independent-5.tsv:2: source must be');
  });

  it('GIVEN an independent-4 row with another source THEN reading the corpus fails, naming the line', () => {
    const dir = corpusDir({
      ...trainingFiles,
      'independent-4.tsv': '楼梯间有人给电动车充电\tmajor\t安全\tblind-4\n',
    });
    expect(() => readCorpus(dir)).toThrow('independent-4.tsv:2: source must be');
  });

  it('GIVEN an independent-3 row with another source THEN reading the corpus fails, naming the line', () => {
    const dir = corpusDir({ ...trainingFiles, 'independent-3.tsv': '整栋楼跳闸了\tmajor\t维修\tblind-3\n' });
    expect(() => readCorpus(dir)).toThrow('independent-3.tsv:2: source must be');
  });

  it('GIVEN an independent-2 row with another source THEN reading the corpus fails, naming the line', () => {
    const dir = corpusDir({ ...trainingFiles, 'independent-2.tsv': '满屋子都是水\tmajor\t维修\tblind-2\n' });
    expect(() => readCorpus(dir)).toThrow('independent-2.tsv:2: source must be');
  });

  it('GIVEN an independent row whose source is not independent-<n> THEN reading the corpus fails, naming the line', () => {
    const dir = corpusDir({ ...trainingFiles, 'independent.tsv': '燃气味好重\tmajor\t安全\tblind\n' });
    expect(() => readCorpus(dir)).toThrow('independent.tsv:2: source must be');
  });
});

describe('classifyTicket on the misses named in issue 16', () => {
  it.each([
    ['邻居困在电梯里半个小时了，停在两层中间', 'major', '维修'],
    ['卫生间地漏往上冒污水，流得满屋都是', 'major', '环境卫生'],
    ['早上五点广场舞的喇叭就开始响了', 'general', '噪音'],
    ['電梯困人', 'major', '维修'],
    ['燃氣洩漏', 'major', '安全'],
    ['停電了', 'major', '维修'],
  ] as const)('GIVEN "%s" THEN it is %s / %s', (text, ticketClass, category) => {
    expect(classifyTicket(text)).toMatchObject({ ticketClass, category });
  });

  it('GIVEN 心脏病 THEN 脏 does not make it 环境卫生', () => {
    expect(classifyTicket('我爸有心脏病，电梯坏了爬不上去').category).not.toBe('环境卫生');
  });

  it('GIVEN 违章停车 THEN it is a parking matter, not a complex illegal building', () => {
    expect(classifyTicket('违章停车 把单元门口堵了')).toMatchObject({
      category: '停车',
      ticketClass: 'general',
    });
  });

  it('GIVEN 电瓶车在楼道充电 THEN it is 安全 like 电动车', () => {
    expect(classifyTicket('电瓶车在楼道充电').category).toBe('安全');
  });
});

describe('traditional characters count the same as simplified', () => {
  const toTraditional = Converter({ from: 'cn', to: 'tw' });

  it('GIVEN every simplified corpus sentence written in traditional characters THEN class and category do not change', () => {
    const changed: string[] = [];
    for (const row of corpus) {
      const traditional = toTraditional(row.text);
      if (traditional === row.text) continue;
      const a = classifyTicket(row.text);
      const b = classifyTicket(traditional);
      if (a.ticketClass !== b.ticketClass || a.category !== b.category)
        changed.push(`${row.text} / ${traditional}`);
    }
    expect(changed).toEqual([]);
  });

  it('normalizes the three examples of the issue to their simplified form', () => {
    expect(normalizeTicketText('電梯困人 燃氣洩漏 停電了')).toBe('电梯困人燃气泄漏停电了');
  });
});

describe('classifyTicket properties', () => {
  const anyText = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }));

  it('never throws and always answers with a known category and class, on any string', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const g = classifyTicket(text);
        expect(ticketCategories).toContain(g.category);
        expect(ticketClasses).toContain(g.ticketClass);
        expect(g.candidates[0]).toBe(g.ticketClass);
        expect(g.provisional).toBe(g.candidates.length > 1);
      }),
      { numRuns: 500 },
    );
  });

  it('GIVEN a text the safety rules call major THEN the class is major, whatever the model says', () => {
    fc.assert(
      fc.property(
        anyText,
        fc.constantFrom('煤气味', '楼道着火了', '电梯困人', '停电了', '地漏冒污水', '水管爆了'),
        (before, phrase) => {
          expect(classifyTicket(before + phrase).ticketClass).toBe('major');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('GIVEN a text the model ranks 一般 while giving 重大 at least the major floor THEN it is 重大, provisional, 一般 the other candidate', () => {
    const shipped = shippedModel();
    expect(shipped.majorFloor).toBeGreaterThan(0);
    expect(shipped.majorFloor).toBeLessThan(0.5);
    // A held-out sentence no rule calls major whose model view puts 一般 first and 重大 second
    // (with this model.bin: 电梯的按钮面板被人烫坏了, 重大 at 0.39).
    const found = heldOut
      .map((r) => ({ text: r.text, classes: modelView(r.text).classes }))
      .find(
        ({ text, classes }) =>
          classes[0]?.label === 'general' &&
          classes[1]?.label === 'major' &&
          (classes[1]?.p ?? 0) > 0.1 &&
          classifyByRules(text).ticketClass !== 'major',
      );
    expect(found).toBeDefined();
    const text = found?.text ?? '';
    const pMajor = found?.classes[1]?.p ?? 0;
    const at = classifyTicket(text, { ...shipped, unsureMargin: 0, majorFloor: pMajor });
    expect(at).toMatchObject({ ticketClass: 'major', provisional: true, candidates: ['major', 'general'] });
    const above = classifyTicket(text, { ...shipped, unsureMargin: 0, majorFloor: pMajor + 0.01 });
    expect(above).toMatchObject({ ticketClass: 'general', provisional: false, candidates: ['general'] });
  });

  it('GIVEN the model and a safety rule disagree THEN the guess is provisional, with the model class as the other candidate', () => {
    const g = classifyTicket('请问物业费可以微信交吗 楼道有点燃气味');
    expect(g.ticketClass).toBe('major');
    if (g.overruled) {
      expect(g.provisional).toBe(true);
      expect(g.candidates).toContain('major');
    }
  });
});
