import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyByRules,
  normalizeTicketText,
  parseTicketCategory,
  parseTicketClass,
  type TicketCategory,
  type TicketClass,
  ticketCategories,
  ticketClasses,
  ticketClassNames,
  ticketRules,
} from '../../../core/classify/index.js';

type Row = [text: string, category: TicketCategory, ticketClass: TicketClass];

// Sentences as owners type them in the group: building numbers, emoji, stray spaces, typos.
const sentences: Row[] = [
  // general repairs
  ['3号楼2单元楼道灯不亮好几天了', '维修', 'general'],
  ['12栋 1单元 的声控灯坏了，晚上上楼黑乎乎的', '维修', 'general'],
  ['小区东门那边路灯一闪一闪的', '维修', 'general'],
  ['我家楼下的下水道堵了，物业能派个师傅吗', '维修', 'general'],
  ['8号楼电梯按钮失灵 按了没反应', '维修', 'general'],
  ['电梯里很闷，空调坏了', '维修', 'general'],
  ['单元门口台阶有块砖松了，老人容易绊倒', '维修', 'general'],
  ['暖气片不热啊，都11月了', '维修', 'general'],
  ['2-3-301 卫生间水龙头关不紧 一直滴', '维修', 'general'],
  ['楼道\u200b灯不亮', '维修', 'general'],
  // major
  ['水龙头漏水了 麻烦来看看', '维修', 'major'],
  ['5栋电梯困人了!!快来', '维修', 'major'],
  ['7号楼电梯又坏了，老人上不去楼😭', '维修', 'major'],
  ['1单元电梯停运两天了，什么时候修好', '维修', 'major'],
  ['有人被困在电梯里 打电话没人接', '维修', 'major'],
  ['电梯里的紧急呼叫按了没人应', '维修', 'major'],
  ['电梯里的紧急电话打不通', '维修', 'general'],
  ['５号楼\u3000电 梯 困 人', '维修', 'major'],
  ['漏　水', '维修', 'major'],
  ['楼道里一股煤气味，大家注意别开灯!', '安全', 'major'],
  ['闻到好大的燃气味 是不是哪家漏气了', '安全', 'major'],
  ['9号楼顶楼天花板漏水，家里都淹了', '维修', 'major'],
  ['楼上往我家渗水 墙都泡了', '维修', 'major'],
  ['地下车库水管爆了 水哗哗的流', '维修', 'major'],
  ['整栋楼都停电了，冰箱里东西要坏了', '维修', 'major'],
  ['11号楼2单元突然没电了', '维修', 'major'],
  ['又停水了？？没有任何通知', '维修', 'major'],
  ['3栋楼下电动车着火了 浓烟好大', '安全', 'major'],
  // LABELS.md: charging indoors is a fire that has not started yet (火情隐患), not a parking matter.
  ['3栋 电动车推进电梯上楼充电，太危险了', '安全', 'major'],
  ['垃圾桶冒烟了，好像有人扔了烟头', '安全', 'major'],
  ['消防通道又被私家车堵死了', '安全', 'major'],
  ['化粪池外溢了，整个路面都是，臭得不行', '环境卫生', 'major'],
  ['下水道反水，污水从地漏冒出来了', '环境卫生', 'major'],
  ['刚才楼上掉下来一个花盆，差点砸到人！', '安全', 'major'],
  ['外墙瓷砖掉落砸车了，物业管不管', '安全', 'major'],
  ['有人从楼上往下扔垃圾 高空抛物太危险了', '安全', 'major'],
  ['2号楼配电箱漏电 小孩差点摸到', '安全', 'major'],
  ['6栋3单元 单元门口地面塌陷了一个坑', '安全', 'major'],
  // complex
  ['东门有人私搭乱建', '安全', 'complex'],
  ['一楼业主把花园圈起来盖了个阳光房，这算违建吧', '安全', 'complex'],
  ['5号楼顶楼有人加盖了一层', '安全', 'complex'],
  ['我们单元有群租，一套房住了十几个人', '安全', 'complex'],
  ['小区车位太少了，能不能重新做个停车规划', '停车', 'complex'],
  ['我们楼外墙要整修了吧，墙面都发黑了', '维修', 'complex'],
  ['老楼加装电梯的事什么时候开会讨论', '维修', 'complex'],
  ['加装电梯的事卡住了，一直没人推进', '维修', 'complex'],
  ['小区改造方案啥时候公示', '维修', 'complex'],
  ['楼下中心绿地被人种上菜了😡', '绿化', 'complex'],
  ['打了12345也没人管，这事物业说不归他们', '其他', 'complex'],
  ['这个事需要街道办和供电局一起协调，物业一家解决不了', '其他', 'complex'],
  ['物业费要涨价？业委会知道吗', '收费', 'complex'],
  ['公共收益去哪了，广告位和停车的钱有没有公示', '收费', 'complex'],
  // environment and cleaning
  ['垃圾两天没人收了，都堆到路边了🤢', '环境卫生', 'general'],
  ['草坪上到处是狗屎，能不能管管遛狗不捡的', '环境卫生', 'general'],
  ['电梯里有广告贴得到处都是', '环境卫生', 'general'],
  ['楼道里好多小广告 牛皮癣', '环境卫生', 'general'],
  ['小区大门口有人发小广告', '环境卫生', 'general'],
  ['地下室有老鼠 还有蟑螂', '环境卫生', 'general'],
  ['楼道好久没人打扫了 全是灰', '环境卫生', 'general'],
  ['楼上装修垃圾堆在楼道口一个礼拜了', '环境卫生', 'general'],
  // noise
  ['楼上天天装修吵死了🙄', '噪音', 'general'],
  ['晚上十点了广场舞还在放 音响开那么大', '噪音', 'general'],
  ['隔壁家的狗叫了一晚上 根本睡不着', '噪音', 'general'],
  ['周末早上7点就在电钻，还让不让人睡了', '噪音', 'general'],
  // parking
  ['谁的车 堵在我车位上了 京A·12345 麻烦挪一下', '停车', 'general'],
  ['车位被占了，保安也不管', '停车', 'general'],
  ['小区里乱停车太严重了 路都走不通', '停车', 'general'],
  ['充电桩坏了好几个，晚上充不上', '停车', 'general'],
  ['地库入口道闸抬不起来', '停车', 'general'],
  ['电动车没电了 楼下充电桩能用吗', '停车', 'general'],
  // greenery
  ['楼前的树枝都伸到我家窗户了 能修剪一下吗', '绿化', 'general'],
  ['草坪的草都一尺高了也没人管', '绿化', 'general'],
  ['花坛里的花都枯死了', '绿化', 'general'],
  // fees
  ['物业费能开发票吗', '收费', 'general'],
  ['停车费为什么比去年贵了', '收费', 'general'],
  ['物业乱收费，装修押金交了不退', '收费', 'general'],
  ['燃气费怎么交', '收费', 'general'],
  // safety
  ['有陌生人在楼道里挨家挨户敲门推销', '安全', 'general'],
  ['门禁坏了，谁都能进来', '安全', 'general'],
  ['3栋 电动车推进电梯上楼，太危险了', '安全', 'general'],
  ['楼道里堆满了纸箱杂物 着了火怎么办', '安全', 'general'],
  ['小区监控是摆设吗 我电动车被偷了', '安全', 'general'],
  ['遛狗不拴绳，小孩被吓哭了', '安全', 'general'],
  ['消防通道的指示牌歪了', '安全', 'general'],
  // nothing to go on
  ['请问物业办公室几点下班', '其他', 'general'],
  ['谢谢王师傅，修得很快👍', '其他', 'general'],
  ['今天的快递柜满了', '其他', 'general'],
  ['', '其他', 'general'],
];

/** Phrases that must make any ticket major (SPEC: 漏水, 燃气味, 电梯困人/停运, 停电停水, 火情). */
const majorPhrases = [
  '漏水',
  '燃气味',
  '煤气味',
  '电梯困人',
  '电梯停运',
  '电梯坏了',
  '停电',
  '停水',
  // Not bare 着火: "万一着火" is a worry, not a fire (LABELS.md).
  '楼道着火',
  '冒烟',
  '水管爆裂',
  '化粪池外溢',
  '高空坠物',
  '外墙脱落',
  '消防通道堵',
  ...ticketRules
    .filter((r) => r.ticketClass === 'major')
    .flatMap((r) => r.keywords.filter((k) => typeof k === 'string')),
];

// Any UTF-16 code unit, lone surrogates included: what a broken client could send.
const anyCodeUnits = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)),
});
const anyText = fc.oneof(fc.string({ unit: 'binary' }), anyCodeUnits, fc.string({ unit: 'grapheme' }));
const separators = fc.constantFrom(' ', '\u3000', '\u2005', '\u200b', '\u200d', '\ufeff', '\u00a0', '\t');

describe('classifyByRules (the keyword rules) on what owners type', () => {
  it('has at least 60 sentences in the table', () => {
    expect(sentences.length).toBeGreaterThanOrEqual(60);
  });

  it.each(sentences)('GIVEN "%s" THEN it is %s / %s', (text, category, ticketClass) => {
    const result = classifyByRules(text);
    expect({ category: result.category, ticketClass: result.ticketClass }).toEqual({ category, ticketClass });
  });
});

describe('classifyByRules precedence and explanation', () => {
  it('GIVEN a falling facade tile THEN major wins over the complex facade project', () => {
    const result = classifyByRules('外墙瓷砖掉落砸车');
    expect(result).toMatchObject({ category: '安全', ticketClass: 'major' });
    expect(result.matched).toContain('外墙');
  });

  it('GIVEN a complex and a general keyword THEN the ticket is complex with the complex category', () => {
    expect(classifyByRules('东门私搭乱建，还堆了好多垃圾')).toMatchObject({
      category: '安全',
      ticketClass: 'complex',
    });
  });

  it('GIVEN two general rules fire THEN the category comes from the first rule in the list', () => {
    const first = ticketRules.findIndex((r) => r.ticketClass === 'general' && r.category === '环境卫生');
    const later = ticketRules.findIndex((r) => r.ticketClass === 'general' && r.category === '维修');
    expect(first).toBeLessThan(later);
    expect(classifyByRules('垃圾桶坏了').category).toBe('环境卫生');
  });

  it('reports every keyword that fired, regex hits as the text they matched', () => {
    expect(classifyByRules('5栋电梯困人了，楼道灯也不亮').matched).toEqual([
      '电梯困人',
      '电梯困',
      '灯也不亮',
      '楼道灯',
      '电梯',
    ]);
  });

  it('GIVEN no keyword THEN it is 其他 / general with nothing matched', () => {
    expect(classifyByRules('大家好')).toEqual({ category: '其他', ticketClass: 'general', matched: [] });
  });

  it('GIVEN a lift mentioned without a fault THEN it is not major', () => {
    expect(classifyByRules('电梯里有广告').ticketClass).toBe('general');
    expect(classifyByRules('电梯里贴了通知').ticketClass).toBe('general');
  });
});

describe('what makes a matter complex: owners deciding, other bodies, disputes, the same thing every year', () => {
  it.each([
    ['停车场的事能不能出个制度 太乱了', '停车'],
    ['访客车辆怎么收费 大家投票吧', '收费'],
    ['小区的草坪要不要改成小广场 大家商量一下', '绿化'],
    ['自来水公司和物业推来推去 楼顶的水箱到底谁管', '其他'],
    ['门口那段路说不归物业管 归市政 坑一直在', '其他'],
    ['每年夏天楼顶都积水 能不能彻底解决', '环境卫生'],
    ['单元门的锁能不能整栋统一换', '安全'],
    ['小区边上那家饭店的油烟 物业说得找环保', '其他'],
    ['遛狗的事定个公约吧 我们都签', '其他'],
  ] as const)('GIVEN "%s" THEN it is complex, %s', (text, category) => {
    expect(classifyByRules(text)).toMatchObject({ ticketClass: 'complex', category });
  });

  it.each(['停车场今天有空位吗', '大家好 我是新搬来的', '业委会电话多少', '每天早上几点收垃圾'])(
    'GIVEN "%s" THEN it is not complex',
    (text) => {
      expect(classifyByRules(text).ticketClass).not.toBe('complex');
    },
  );

  it('GIVEN a marker that names no category and a rule that does THEN the category is the named one', () => {
    // The vote is about parking: 停车, not the generic rule's 其他.
    expect(classifyByRules('地面车位怎么分 大家投个票')).toMatchObject({
      ticketClass: 'complex',
      category: '停车',
    });
    // Nothing else fires: the generic rule's own category.
    expect(classifyByRules('要不要联名反映一下')).toMatchObject({ ticketClass: 'complex', category: '其他' });
  });
});

describe('classifyByRules properties', () => {
  it('never throws and always answers with a known category and class, on any string', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = classifyByRules(text);
        expect(ticketCategories).toContain(result.category);
        expect(ticketClasses).toContain(result.ticketClass);
        expect(Array.isArray(result.matched)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('GIVEN any text with a major phrase added anywhere THEN the ticket is major', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(...majorPhrases), anyText, (before, phrase, after) => {
        expect(classifyByRules(before + phrase + after).ticketClass).toBe('major');
      }),
      { numRuns: 2000 },
    );
  });

  it('GIVEN spaces or zero-width characters sprinkled into a sentence THEN the answer does not change', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...sentences),
        fc.array(fc.tuple(fc.nat(), separators), { maxLength: 8 }),
        ([text], inserts) => {
          const chars = Array.from(text);
          for (const [at, sep] of inserts) chars.splice(at % (chars.length + 1), 0, sep);
          const { category, ticketClass } = classifyByRules(text);
          expect(classifyByRules(chars.join(''))).toMatchObject({ category, ticketClass });
        },
      ),
    );
  });

  it('GIVEN a sentence typed with full-width letters and digits THEN the answer does not change', () => {
    const toFullWidth = (s: string) =>
      s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    for (const [text, category, ticketClass] of sentences) {
      expect(classifyByRules(toFullWidth(text))).toMatchObject({ category, ticketClass });
    }
  });

  it('is deterministic: the same text gives the same answer', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(classifyByRules(text)).toEqual(classifyByRules(text));
      }),
    );
  });
});

describe('the rule table', () => {
  it('writes every string keyword in normalized form, so that it can match at all', () => {
    for (const rule of ticketRules) {
      for (const k of rule.keywords) {
        if (typeof k === 'string') expect(normalizeTicketText(k), `keyword "${k}"`).toBe(k);
      }
    }
  });

  it('has no empty rule, no stateful regex and only known categories and classes', () => {
    for (const rule of ticketRules) {
      expect(rule.keywords.length).toBeGreaterThan(0);
      expect(ticketCategories).toContain(rule.category);
      expect(ticketClasses).toContain(rule.ticketClass);
      for (const k of rule.keywords) {
        if (k instanceof RegExp) expect(k.flags).not.toMatch(/[gy]/);
        else expect(k).not.toBe('');
      }
    }
  });
});

describe('parseTicketClass', () => {
  it.each([
    ['一般', 'general'],
    ['普通', 'general'],
    ['general', 'general'],
    ['重大', 'major'],
    ['紧急', 'major'],
    ['MAJOR', 'major'],
    [' 复杂 ', 'complex'],
    ['complex', 'complex'],
  ] as const)('reads "%s" as %s', (word, cls) => {
    expect(parseTicketClass(word)).toBe(cls);
  });

  it('round-trips every class through its Chinese name and its code', () => {
    for (const cls of ticketClasses) {
      expect(parseTicketClass(ticketClassNames[cls])).toBe(cls);
      expect(parseTicketClass(cls)).toBe(cls);
    }
  });

  it('GIVEN a word that names no class THEN it is null, prototype names included', () => {
    for (const word of ['', '大', '维修', 'constructor', '__proto__', 'toString']) {
      expect(parseTicketClass(word)).toBeNull();
    }
    fc.assert(
      fc.property(anyText, (word) => {
        const cls = parseTicketClass(word);
        expect(cls === null || ticketClasses.includes(cls)).toBe(true);
      }),
    );
  });
});

describe('parseTicketCategory', () => {
  it('round-trips every category name', () => {
    for (const category of ticketCategories) expect(parseTicketCategory(category)).toBe(category);
  });

  it.each([
    ['卫生', '环境卫生'],
    ['保洁', '环境卫生'],
    ['物业费', '收费'],
    ['停车费', '收费'],
    ['车位', '停车'],
    ['报修', '维修'],
    ['治安', '安全'],
    ['噪声', '噪音'],
    ['绿地', '绿化'],
    ['其它', '其他'],
    ['\u3000车 位 ', '停车'],
  ] as const)('reads the synonym "%s" as %s', (word, category) => {
    expect(parseTicketCategory(word)).toBe(category);
  });

  it('GIVEN a word that names no category THEN it is null, prototype names included', () => {
    for (const word of ['', '重大', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect(parseTicketCategory(word)).toBeNull();
    }
    fc.assert(
      fc.property(anyText, (word) => {
        const category = parseTicketCategory(word);
        expect(category === null || ticketCategories.includes(category)).toBe(true);
      }),
    );
  });

  it('agrees with classifyByRules: every category it returns is one classifyByRules can give', () => {
    const reachable = new Set<TicketCategory>(['其他', ...ticketRules.map((r) => r.category)]);
    for (const category of ticketCategories) expect(reachable.has(category)).toBe(true);
  });
});
