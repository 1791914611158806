/**
 * model.bin (core/classify/model.ts storeModel, readModel): what the trainer stores is what the
 * bot scores with, the shipped file reads back byte for byte, and a file the code cannot read is
 * refused with a reason rather than misread.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  featureIds,
  type ModelFile,
  modelFromBytes,
  readModelFile,
  scoreHead,
  storeModel,
  toModel,
  unstoreModel,
} from '../../../core/classify/model.js';
import { normalizeTicketText } from '../../../core/classify/rules.js';

const shippedBytes = readFileSync(new URL('../../../core/classify/model.bin', import.meta.url));
const shipped = unstoreModel(shippedBytes);

/** A small trained model, its weights in thousandths as the trainer rounds them. */
function smallModel(): ModelFile {
  const features = ['灯', '灯不', '不亮', '电梯', '困人', '😀坏'];
  const head = (labels: string[], seed: number) => ({
    labels,
    bias: labels.map((_, k) => ((k * 37 + seed) % 11) / 10 - 0.5),
    weights: Array.from(
      { length: features.length * labels.length },
      (_, i) => ((i * 7919 + seed) % 4001) / 1000 - 2,
    ),
  });
  return {
    ...shipped,
    features,
    ticketClass: head(['general', 'major', 'complex'], 3),
    category: head(['维修', '安全'], 5),
  };
}

describe('model.bin', () => {
  it('GIVEN the shipped file THEN storing what it holds gives the same bytes', () => {
    expect(shipped.features.length).toBeGreaterThan(30_000);
    expect(shipped.ticketClass.weights.length).toBe(shipped.features.length * 3);
    expect(Buffer.compare(storeModel(shipped), shippedBytes)).toBe(0);
  });

  it('GIVEN a trained model THEN the stored one ranks every text as the trainer’s did, with the same probabilities', () => {
    const trained = smallModel();
    const stored = modelFromBytes(storeModel(trained));
    const asTrained = toModel(trained);
    expect(stored.majorFloor).toBe(trained.majorFloor);
    expect(stored.spec).toEqual(trained.spec);
    for (const text of ['3号楼灯不亮', '电梯困人了', '😀坏了', '没有一个特征']) {
      const normalized = normalizeTicketText(text);
      const ids = featureIds(stored, normalized, []);
      expect(ids).toEqual(featureIds(asTrained, normalized, []));
      for (const h of ['ticketClass', 'category'] as const) {
        const a = scoreHead(stored[h], ids);
        const b = scoreHead(asTrained[h], ids);
        expect(a.map((r) => r.label)).toEqual(b.map((r) => r.label));
        expect(a.map((r) => r.p.toFixed(12))).toEqual(b.map((r) => r.p.toFixed(12)));
      }
    }
    // Some text hits features, so the comparison is not of biases alone.
    expect(featureIds(stored, normalizeTicketText('电梯困人'), []).length).toBe(2);
  });

  it('GIVEN a file on disk THEN it reads as from memory', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'hgj-model-')), 'model.bin');
    writeFileSync(path, storeModel(smallModel()));
    const fromFile = readModelFile(path);
    const fromMemory = modelFromBytes(storeModel(smallModel()));
    for (const f of smallModel().features) {
      expect(fromFile.index.get(f), f).toBeDefined();
      expect(fromFile.index.get(f), f).toBe(fromMemory.index.get(f));
    }
    expect(Array.from(fromFile.category.weights)).toEqual(Array.from(fromMemory.category.weights));
  });

  it('GIVEN a weight beyond 16 bits THEN the trainer is told, not a wrapped number stored', () => {
    const trained = smallModel();
    trained.category.weights[0] = 40;
    expect(() => storeModel(trained)).toThrow(/does not fit/);
  });

  it('GIVEN a file that is not the model, cut short, damaged or of other rules THEN it is refused with the reason', () => {
    const bytes = storeModel(smallModel());
    expect(() => modelFromBytes(Buffer.from('{"version":1}'))).toThrow(/not a model file/);
    expect(() => modelFromBytes(bytes.subarray(0, bytes.length - 2))).toThrow(/ends too soon/);
    const path = join(mkdtempSync(join(tmpdir(), 'hgj-model-')), 'model.bin');
    writeFileSync(path, bytes.subarray(0, 100));
    expect(() => readModelFile(path)).toThrow(/ends too soon/);

    const withHeader = (edit: (h: Record<string, unknown>) => void) => {
      const length = bytes.readUInt32LE(4);
      const header = JSON.parse(bytes.toString('utf8', 8, 8 + length)) as Record<string, unknown>;
      edit(header);
      const json = Buffer.alloc(length, ' ');
      expect(json.write(JSON.stringify(header))).toBeLessThanOrEqual(length);
      return Buffer.concat([bytes.subarray(0, 8), json, bytes.subarray(8 + length)]);
    };
    expect(() =>
      modelFromBytes(
        withHeader((h) => {
          delete h.majorFloor;
        }),
      ),
    ).toThrow(/header.*majorFloor/s);
    expect(() =>
      modelFromBytes(
        withHeader((h) => {
          h.rules = 3;
        }),
      ),
    ).toThrow(/trained with 3 keyword rules/);
    expect(() =>
      modelFromBytes(
        withHeader((h) => {
          h.version = 0;
        }),
      ),
    ).toThrow(/version 0/);
    expect(() =>
      modelFromBytes(
        withHeader((h) => {
          const head = h.category as { labels: string[] };
          head.labels = ['维修'];
        }),
      ),
    ).toThrow(/damaged/);
  });
});
