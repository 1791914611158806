import { describe, expect, it } from 'vitest';
import {
  classifyByRules,
  classifyTicket,
  normalizeTicketText,
  type TicketCategory,
} from '../../../core/classify/index.js';

/**
 * The safety rules by concept (SPEC "Owners' own words": an emergency is never 一般; LABELS.md
 * says which category). Each concept is written the many ways owners write it: typos,
 * traditional characters, Cantonese, Sichuanese, northeastern and Shanghainese words, fragments.
 * The negatives name the same things without an emergency, and must not make a ticket major.
 */
interface Concept {
  name: string;
  category: TicketCategory;
  emergencies: string[];
  notEmergencies: string[];
}

const concepts: Concept[] = [
  {
    name: 'water entering a home through a ceiling, wall or floor',
    category: '维修',
    emergencies: [
      '楼上的水渗到我家天花板了',
      '隔壁卫生间的水一直往我家墙里渗',
      '墙根那里渗过来好多水 踢脚线都泡烂了',
      '卧室墙洇了一大片 摸着是湿的',
      '楼上一洗澡 我家顶上就往下滴',
      '客厅吊顶滴滴答答的 拿了三个盆',
      '水从楼上漏到我家床上了',
      '屋里跟下雨一样 楼上不知道在干嘛',
      '卫生间顶上在下小雨',
      '楼上装修钻破了水管 水顺着墙流下来',
      '木地板泡得全鼓起来了 水从隔壁那边过来的',
      '墙面渗得都发霉了',
      '屋头天花板一直在滴水 楼上管子漏咯',
      '樓上滲水到我家牆壁 全濕透了',
      '阿拉屋里厢天花板嗒嗒嗒滴水',
      '俺家墙上往外洇水 一摸全是湿的',
      '楼上暖气管打漏了 水往我家灌',
      '屋企天花板漏緊水',
      '一下雨就漏 卧室墙上全是水',
      '厨房顶上渗得厉害 橱柜都泡了',
      '楼上的水漏下来了',
      '吊顶都湿透了 还在往下滴',
      '地板翘起来了 下面全是水',
      '客厅暖气片爆开了',
      '卫生间的热水器裂了 水一直往外喷',
    ],
    notEmergencies: [
      '楼上空调外机滴水 滴在我家窗台上',
      '屋顶有点潮 墙角发霉了',
      '家门口的地砖鼓起来了',
      '今天下雨 大家记得收衣服',
      '地库入口的坡道太滑 下雨天车打滑',
      '楼上阳台的拖把滴脏水到我家被子上',
      '下雨天楼道里好滑',
      '墙皮掉了一块',
      '墙上的开关面板松了',
    ],
  },
  {
    name: 'gas: a smell or a leak, in every spelling',
    category: '安全',
    emergencies: [
      '楼道里一股燃气味',
      '樓梯間瓦斯味好重',
      '家里好像有瓦斯味',
      '闻到一股液化气的味道 在三楼',
      '燃氣洩漏了',
      '煤氣好似漏咗',
      '天然气管子被挖断了 嘶嘶响',
      '有股臭鸡蛋的味道 越来越浓',
      '楼下一股子臭鸡蛋味儿',
      '灶台那里煤气呲呲地漏',
      '燃气表那块儿味儿老大了',
      '厨房煤气管松了',
      '装修的把燃气管打到了',
      '邻居家燃气报警器一直响',
      '化粪池那边沼气味好大',
      '楼道 然气味',
      '燃汽泄露了',
      '液化气罐在漏 嘶嘶的',
      '瓦斯外洩',
      '屋头好大一股天然气味道',
    ],
    notEmergencies: [
      '燃气费怎么交',
      '煤气公司来抄表 家里没人怎么办',
      '天然气开户要带什么证件',
      '小区什么时候通燃气',
      '燃气灶坏了 打不着火',
      '楼道里有人放了个煤气罐',
      '燃气公司说管道归小区',
      '燃气表没电了 换电池找谁',
      '车胎漏气了 谁扎的',
    ],
  },
  {
    name: 'fire, open flame and burning near what can catch',
    category: '安全',
    emergencies: [
      '有人在楼道里烧纸',
      '楼下有人烧东西 一股焦味',
      '楼梯口有人烧垃圾 火星子往上飘',
      '谁在楼道里烧香 纸箱子就在旁边',
      '配电箱冒火星',
      '插座在打火 噼啪响',
      '楼道的电线一直在拉弧',
      '楼道里一股烧塑料的味道',
      '有股糊味 好像是电线',
      '烟感报警器一直在响',
      '阳台冒白烟了',
      '地下室有人烤火',
      '小孩在楼道玩火',
      '楼下那堆纸壳子着起来了',
      '樓道有人燒紙',
      '有人喺後樓梯燒嘢',
      '车棚那边着火啦',
      '楼道里有人在烧炭取暖',
      '一楼有人焚烧落叶 烟往楼上窜',
      '开关面板烫手 还有焦味',
    ],
    notEmergencies: [
      '孩子发烧了',
      '楼梯间的灯泡烧了',
      '楼下烧烤摊吵到两点',
      '楼道里堆满纸箱 万一着火咋办',
      '电线老化了 容易着火',
      '电动车充电桩的插座烧坏了',
      '打火机扔在楼道里了',
      '燃气灶打不着火',
    ],
  },
  {
    name: 'e-bikes and batteries charging indoors, in corridors, stairwells and lifts',
    category: '安全',
    emergencies: [
      '有人在楼道给电动车充电',
      '電動車喺樓梯口叉電',
      '電單車停喺走廊度充電',
      '楼上那家把电瓶车推回家充电',
      '小电驴天天在电梯口充电',
      '电驴停楼道充电 一充一晚上',
      '电瓶拿到屋里充电',
      '有人把电池拎回家充了一晚上',
      '从五楼吊下来一根线给电动车充电',
      '楼上拉了根线下来充电',
      '飞线又出现了',
      '一楼那家把插线板从窗户甩出来充电瓶车',
      '樓道有人給電瓶車充電',
      '电动车推进楼里充电',
      '锂电池放在走廊充着',
      '电动自行车在家里充了一夜',
      '电梯里有人推电动车上去充电',
      '过道里一排电动车在充电',
      '楼道里老有人给电驴子充电',
      '伊拉屋里厢电瓶车充电',
    ],
    notEmergencies: [
      '充电桩什么时候装',
      '充电桩扫码充不上电',
      '电动车没电了 楼下充电桩能用吗',
      '电动车充电车棚的插座一半不能用',
      '电梯卡充值在哪里',
      '电瓶车停在楼道里 挡路',
      '家里电动车没电了去哪充',
      '手机没电了 物业办公室能充一下吗',
      '小区能不能多装几个电动车充电棚',
      '电动车被偷了',
    ],
  },
  {
    name: 'someone trapped, outside a lift',
    category: '安全',
    emergencies: [
      '小孩把自己反锁在卫生间了 出不来',
      '老人被锁在屋里 钥匙在外面',
      '有人被困在地下室',
      '孩子的头卡在栏杆里了',
      '车库卷帘门落下来 有人关在里面了',
      '楼顶的门关上了 人在上面下不来',
      '我被关在车库里了',
      '娃儿卡在防盗网里头了',
      '俺家老爷子困在屋里出不来',
      '有細路困咗喺天台',
      '小孩被锁在车里了',
      '有人掉进井里了',
      '宝宝关在房间里 门打不开',
      '老太太一个人被关在阳台上',
    ],
    notEmergencies: [
      '被噪音困扰好久了',
      '车被锁在车库里了',
      '道闸卡住了 出不去也进不来',
      '我困了 明天再说',
      '门禁卡在哪办',
      '电动车锁在楼下被偷了',
      '我把钥匙锁在家里了',
    ],
  },
  {
    name: 'a building without power, water, heating or gas',
    category: '维修',
    emergencies: [
      '整栋楼都没得电',
      '成棟樓冇電',
      '我们单元全黑了 跳闸了吧',
      '全楼跳匝了',
      '小区停电了',
      '楼里一点水都没有',
      '整栋楼都不出水',
      '咋个又没得水了',
      '全樓停水',
      '高层一滴水都没有',
      '整栋楼暖气冰凉',
      '我们楼暖气一点都不热 整栋都这样',
      '成栋楼冇暖气',
      '全楼燃气停了 做不了饭',
      '天然气断了 整个单元都开不了火',
      '停气了 一整天',
      '楼里莫得电',
    ],
    notEmergencies: [
      '电动车没电了',
      '手机没电了',
      '热水器不出水',
      '暖气不太热',
      '暖气费怎么交',
      '楼道灯不亮',
    ],
  },
];

describe.each(concepts)('the safety rules: $name', ({ category, emergencies, notEmergencies }) => {
  it('has many phrasings and negatives', () => {
    expect(emergencies.length).toBeGreaterThanOrEqual(14);
    expect(notEmergencies.length).toBeGreaterThanOrEqual(6);
  });

  it.each(emergencies)('GIVEN "%s" THEN the rules call it major, and so does the classifier', (text) => {
    expect(classifyByRules(text)).toMatchObject({ ticketClass: 'major', category });
    expect(classifyTicket(text).ticketClass).toBe('major');
  });

  it.each(notEmergencies)('GIVEN "%s" THEN no safety rule makes it major', (text) => {
    expect(classifyByRules(text).ticketClass).not.toBe('major');
  });
});

describe('the text the safety rules see', () => {
  it('GIVEN traditional characters THEN OpenCC makes them simplified before any rule runs', () => {
    expect(normalizeTicketText('樓梯間有瓦斯味 電動車喺樓梯口充電 燃氣洩漏')).toBe(
      '楼梯间有瓦斯味电动车喺楼梯口充电燃气泄漏',
    );
  });

  it('GIVEN the pinyin slip 跳匝 THEN it reads as 跳闸', () => {
    expect(normalizeTicketText('跳匝了')).toBe('跳闸了');
  });
});
