import { describe, expect, it } from 'vitest';
import {
  classifyByRules,
  classifyTicket,
  firedRules,
  normalizeTicketText,
  type TicketCategory,
  ticketRules,
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
      '充电桩那边一辆电动车自燃了',
      '地库里一辆车自燃了',
      '楼下电瓶车自燃 大家快下来',
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
      '绿化带里全是烟头和塑料袋',
      '电动车夏天容易自燃吗',
      '看新闻说有电动车自燃 我们小区也要注意',
      '万一电瓶自燃怎么办',
      '电瓶车放楼道会不会自燃',
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
      '停了一晚上电 冰箱里的肉都臭了',
      '冰箱里的东西全化了 到现在还没来电',
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
      '我们楼没电梯 老人爬楼太难',
      '冰箱坏了 不制冷',
      '楼上装修周末也不停 电锤声吵死',
      '消防栓没水压 打开只滴几滴',
    ],
  },
  // The five concepts below come from the emergencies blind set 2 classed 一般 (REPORT.md): a
  // flooded home, upper floors without water, a burst heating pipe, gas named by likeness after
  // another complaint, loose exterior tiles over a path. None of the phrasings is one of them.
  {
    name: 'a home flooded',
    category: '维修',
    emergencies: [
      '回家一开门 满屋子都是水',
      '一屋子的水 不知道哪里漏的',
      '客厅全是水 拖鞋都漂起来了',
      '家里的纸箱子都浮起来了',
      '地上的水已经没过脚面了',
      '屋里的水漫到脚脖子了',
      '卧室的水都漫到床底下了',
      '水漫进屋了 柜子都泡着',
      '我家被淹了 快来人',
      '厨房一地的水 还在往外冒',
      '成屋都係水 拖鞋浮晒起身',
      '屋头全是水 鞋子都漂起来咯',
      '阿拉屋里厢一塌糊涂全是水',
      '滿屋子都是水 地板全泡了',
      '一楼那户家里被水淹了',
      '出门一趟回来 家里成了水帘洞',
      '屋里积了一层水 不知道哪来的',
      '全屋都是水 踩上去啪嗒啪嗒',
    ],
    notEmergencies: [
      '楼下路口积水了 车过不去',
      '楼道拖完地一地的水 谁拖的',
      '鱼缸里的鱼都漂起来了',
      '池塘里漂着好多垃圾',
      '小区每年雨季都淹 下水管网得改造',
      '满屋子都是灰 装修的',
      '拖鞋被风吹到楼下了',
      '水压太大 一开龙头溅一地',
    ],
  },
  {
    name: 'floors, a building or a home without water for long',
    category: '维修',
    emergencies: [
      '12层往上的水龙头一滴都不出',
      '高区的住户水上不去 已经一天了',
      '我们楼水压低到根本出不来水',
      '水压太低了 楼上几层都用不了水',
      '几楼以上水都上不去',
      '楼上几层水龙头干了 一滴不出',
      '水龙头拧开一滴不出 都两天了',
      '从昨天到现在水管里一滴水都没出',
      '九楼以上水出不来 水泵是不是坏了',
      '十樓以上水龍頭一滴不出',
      '自来水一直没来 等到现在',
      '15楼及以上水压低得出不了水',
      '咱这楼高层三天没有自来水了',
      '水压小到冲不了厕所 高层都这样',
    ],
    notEmergencies: [
      '水压有点低 洗澡不舒服',
      '水压小 能不能调一下',
      '热水器一滴热水都不出',
      '十楼以上电梯不停',
      '水龙头一直滴水 关不紧',
      '楼上几层的灯不亮',
      '淋浴喷头出水很小',
      '水费一个月多少',
      '楼下雨水出不来 门口一片积水',
      '下水道还不通 师傅说明天来',
    ],
  },
  {
    name: 'heating or hot-water pipes bursting, hot water and steam',
    category: '维修',
    emergencies: [
      '暖气管子爆了 热水呲了一地',
      '楼道的暖气管崩开了 冒白汽',
      '地下室热水管裂了 全是蒸汽 什么都看不见',
      '暖气片爆开 滚烫的水往外喷',
      '暖气阀门崩了 热水滋滋往外冒',
      '供暖管道爆了 路上冒着白汽',
      '热水管炸了 卫生间全是热气',
      '暖气水喷出来了 烫伤了孩子',
      '暖氣管爆咗 啲熱水射晒出嚟',
      '暖氣片裂開了 熱水噴一地',
      '楼道里白汽腾腾的 好像是管子漏了',
      '暖气接口崩开了 水哗哗的 很烫',
      '回水管爆了 屋里跟桑拿一样',
      '单元门口的井里往外冒蒸汽 走过去烫脚',
      '地暖管打爆了 热水往上冒',
    ],
    notEmergencies: [
      '暖气不热',
      '暖气片有点不热 要放放气',
      '暖气管子咚咚响',
      '暖气费什么时候交',
      '热水器不出热水',
      '洗澡水太烫了 调不了温度',
      '暖气片有点漏 滴了一小滩',
      '浴室全是水汽 镜子看不清',
    ],
  },
  {
    name: 'gas described by likeness, or in a second clause',
    category: '安全',
    emergencies: [
      '楼道里味道不对 像是液化气',
      '厨房有股味 好像天然气',
      '这味儿跟煤气似的 三楼',
      '单元门口闻着像燃气漏了',
      '物业费的事先不说 楼下车库一股子像煤气的味',
      '垃圾两天没收了 另外二楼有股味 怀疑是燃气',
      '电梯又坏了 还有楼梯间有点像瓦斯的味道',
      '不知道哪来的味 疑似天然气泄漏',
      '好像有液化气的味道 刺鼻',
      '地下室那边的气味 很像煤气',
      '嗰陣味好似煤氣',
      '闻着跟燃气一个味',
      '有點像瓦斯味 在一樓',
      '感觉是天然气的味道 从隔壁飘过来',
      '厨房一股怪味 像天然汽',
    ],
    notEmergencies: [
      '液化气罐在哪换',
      '好像燃气费涨了',
      '燃气公司好像要来抄表',
      '天然气灶好像坏了 打不着火',
      '煤气罐好像没气了',
      '跟燃气公司打过电话了 说明天来',
      '有人说是燃气公司的 闻着像骗子',
    ],
  },
  {
    name: 'exterior pieces loose or hanging, over where people walk or not; walls leaning',
    category: '安全',
    emergencies: [
      '外墙上有几块砖松了 下面就是人行道',
      '楼顶檐口的水泥块裂开了 悬在单元门上面',
      '窗外的瓷砖翘起来了 楼下天天有孩子玩',
      '外墙保温板被风吹得一晃一晃的 底下是停车的地方',
      '高处有块墙皮悬着 随时会掉 下面是幼儿园门口',
      '外墙砖鼓起来了 摇摇欲坠 楼下人来人往',
      '5楼外墙的装饰板松了 风一吹就晃',
      '楼体外面那块瓷砖吊着 就剩一点粘着',
      '外牆啲紙皮石鬆咗 下面係行人路',
      '外牆磁磚翹起來了 下面就是騎樓',
      '阳台外面的瓷砖空鼓了 一敲就晃 底下是小区主路',
      '空调外机的架子松了 下面是人走的道',
      '楼上那家的防盗网晃悠悠的 底下是单元门',
      '外墙瓷砖裂开往外凸 快掉了 楼下是小孩上学的路',
      '外墙有块砖悬着 风一大就晃',
      '空调支架断了一根 外机吊在窗外',
      '楼上的防盗网脱了一半 挂在外面晃',
      '小区东边的围墙往外歪了 下面是人行道',
      '挡土墙鼓出来一大块 感觉要塌',
    ],
    notEmergencies: [
      '瓷砖颜色不好看',
      '卫生间瓷砖裂了一块',
      '大堂地砖翘起来一块 推车过不去',
      '厨房墙砖松了一块 能补吗',
      '外墙瓷砖大面积空鼓 要用维修基金修',
      '窗外的树被风吹得直晃',
      '外墙颜色旧了 要不要重新刷',
      '瓷砖翘起来了 下面是空的',
      '墙上的画歪了',
      '衣服掉了 挂在楼下的晾衣杆上',
      '大风把树枝刮断了 挂在树上半空',
    ],
  },
  // The four concepts below come from the emergencies blind set 3 classed 一般 and the rules'
  // over-firings noticed with it (REPORT.md): breakers tripping on several floors, gas typed as a
  // homophone, joss paper burnt in a stairwell with thick smoke, "着火了怎么逃" read as a fire.
  // None of the phrasings is one of them.
  {
    name: 'power lost on several floors or a whole building, or a breaker that will not stay up',
    category: '维修',
    emergencies: [
      '三楼到七楼全跳闸了',
      '好几户都没电了 是不是总闸的问题',
      '上下几层都跳闸 黑乎乎的',
      '隔壁也跳闸了 两家都黑着',
      '电闸一推就跳 家里一点电都用不了',
      '空开推不上去了 冰箱都停了',
      '总闸合上去马上又掉下来',
      '跳闸了 推了好几次都推不上去',
      '漏保一合就跳 整个屋子黑的',
      '整棟跳電了',
      '成棟樓跳掣',
      '我哋層樓幾戶都冇電',
      '楼上楼下都跳闸了 就我们这个单元',
      '5层以上全没电',
      '闸刀拉不上去 楼里一半人家都没电',
      '我们单元里跳闸了 电梯也停了',
      '我们这半栋楼都跳闸了',
    ],
    notEmergencies: [
      '家里跳闸了 推上去就好了',
      '刚才跳了一下闸 自己合上了 没事',
      '我家一开空调就跳闸 空开要换个大的吗',
      '十几层的楼 就我家跳闸 已经推上去了',
      '车库的道闸推上去又掉下来 车出不去',
      '跳广场舞的声音好几层楼都听得见',
      '好几层的楼道灯都不亮',
      '小区十几栋楼 就我家跳闸 推上去好了',
      '两栋楼都没电梯',
      '电闸在哪里 想换个插座',
      '楼下好几辆电瓶车没电了',
      '我们这边好几户都没电梯 老人上下楼难',
      '邻居家也没电动车 不用装充电桩',
      '楼里好多人家都没电视信号',
      '好几层都黑漆漆的 楼道灯坏了',
    ],
  },
  {
    name: 'gas typed as a homophone or a slip (媒气, 没气味, 然汽, 石油气)',
    category: '安全',
    emergencies: [
      '楼道里一股媒气味 呛得很',
      '媒汽好像漏了 厨房里',
      '闻到没气味了 在二楼楼梯口',
      '一股没汽味 是不是谁家漏了',
      '没气味好重啊 楼梯间',
      '然汽味好浓 五楼',
      '液化汽罐子在漏',
      '石油氣好大陣味',
      '有股石油氣味 喺後樓梯',
      '燃汽管子裂了 嘶嘶响',
      '天燃气的味道好冲',
      '媒氣味好重 唔知邊家',
      '沼汽味熏得头疼 化粪池那边',
      '闻见一股子没气味 头晕',
    ],
    notEmergencies: [
      '篮球没气了 谁有打气筒',
      '电动车轮胎没气了 哪里能打气',
      '煤气罐没气了 去哪换',
      '垃圾清走了 现在没气味了 谢谢',
      '新装的柜子没气味 挺好',
      '媒体来采访了',
      '石油气罐去边度换',
      '天燃气费怎么交',
    ],
  },
  {
    name: 'paper offerings and other things burnt, or smoke too thick to see, in every spelling',
    category: '安全',
    emergencies: [
      '有人在楼道里烧纸钱 烟呛得睁不开眼',
      '楼梯间有人烧冥币',
      '樓下有人燒金 煙一直飄上來',
      '後巷有人燒衣 啲煙入晒屋',
      '楼道口有老人在烧锡箔',
      '电梯口有人点香烛 还烧了一堆元宝',
      '不知道谁在烧啥 楼道里一股烟',
      '楼下有人烧东西 烟好大',
      '過道有人燒緊嘢 煙好大',
      '阿拉楼下有人勒烧锡箔 烟老大',
      '单元门口纸钱烧了一地 还冒着烟',
      '楼梯间的烟大得看不见人',
      '走廊煙足大 毋知啥人咧燒物件',
      '后楼梯有人化元宝 火好大',
      '天台有人燒金紙 火燒到旁邊的雜物',
    ],
    notEmergencies: [
      '金纸多少钱一捆',
      '哪里有卖纸钱的',
      '清明节小区里能不能烧纸',
      '物业贴了通知 禁止在楼道烧纸钱',
      '楼下饭店油烟好大 熏得不行',
      '有人在楼道抽烟 烟好大',
      '孩子发烧衣服都湿透了',
      '今晚烧什么菜',
      '厕所一点纸都没有',
      '楼道里烟味好重 谁抽的',
      '烧烤摊烟好大 吵到半夜',
    ],
  },
  {
    name: 'a fire now, even with a question after it; a question or a worry about one is not',
    category: '安全',
    emergencies: [
      '三楼着火了 我们在五楼怎么逃',
      '楼下着火了 怎么办 快来人',
      '着火了怎么办啊 楼道全是烟',
      '隔壁起火了 往哪跑',
      '着火啦 快打119',
      '车库着火了 该怎么疏散',
      '家里厨房着火了',
      '发生火灾了 快来人',
      '有家阳台起火了 火苗往上窜',
      '对门着火了 门缝里往外冒烟',
      '電動車著火了 喺樓梯口',
      '着火了 我们被困在六楼',
      '地下室起火了 要不要撤',
      '垃圾房着火了 怎么逃都不知道',
      '要是再不来人 楼道就着火了',
    ],
    notEmergencies: [
      '应急灯都不亮 着火了怎么逃',
      '万一着火怎么办',
      '楼道堆这么多东西 着火的话往哪跑',
      '消防演练 着火时怎么逃生',
      '电线乱拉 有火灾隐患',
      '纸箱堆在楼梯口 容易引起火灾',
      '发生火灾怎么办 小区有没有预案',
      '要是楼道着火了怎么逃',
      '要是家里着火了 灭火器在哪拿',
      '如果电线着火了 用什么灭',
      '楼道堆放杂物 着火后果不堪设想',
    ],
  },
  // From the emergency blind set 4 classed 一般 (REPORT.md): 冲电 typed for 充电. The concept is
  // the charging word as a pinyin keyboard or a hurried thumb writes it; none of these is that sentence.
  {
    name: 'the charging word typed as a homophone or a slip (冲电, 充店, 重电, 冲点), or split (充点电, 叉紧电)',
    category: '安全',
    emergencies: [
      '楼道里有人给电瓶车冲电',
      '隔壁把电动车推回家冲电 冲了一晚上',
      '电瓶拎到屋里冲电',
      '小电驴停在楼梯口冲着电',
      '有人在走廊给电驴充点电',
      '电动车推进电梯 说是上楼冲点电',
      '五楼那家电平车天天在楼道冲电',
      '电瓶车在过道重电 线拖得老长',
      '有人在地下室给电摩充会儿电',
      '楼道里有人冲电 插线板拖了一地',
      '樓梯間有人幫電單車叉緊電',
      '电鸡停在楼梯底下充电',
      '楼下那辆电洞车在楼道里冲电',
      '电池放在家里充店 充了一夜',
      '过道一排电瓶车在冲店',
      '电动车在走廊充满电才推走',
      '电梯里有人给电动车充个电',
      '有人在大堂冲电 插座在前台旁边',
    ],
    notEmergencies: [
      '楼道里手机冲电 谁的',
      '我在家给手机冲电 插座有点松',
      '楼道里给手机充电 插座在哪',
      '冲电话费在哪里冲',
      '大家都往电梯冲 电梯里挤死了',
      '楼道里电瓶车太重 电梯也不让进',
      '楼道太脏了 能不能冲点水',
      '电梯卡充点钱在哪充',
      '电动车停楼道 能不能冲点水洗一下',
      '电动车没冲电 就停在楼道 挡路',
      '电梯里有人用充电宝',
      '小区的电动车冲电棚在哪',
      '电动车冲电桩什么时候装',
    ],
  },
  // Five concepts from the emergencies of blind set 5 classed 一般 (REPORT.md): a broken railing at
  // height, a stolen manhole cover, a chained exit, a flowerpot fallen (Cantonese), a leaning wall.
  // Written fresh, not the blind sentences.
  {
    name: 'a railing or guardrail gone at height, or broken with someone at it',
    category: '安全',
    emergencies: [
      '8楼连廊的栏杆断了一段 下面就是空的',
      '天台护栏没了一截 晚上有人上去乘凉',
      '三楼阳台的玻璃栏板碎了 整块掉了',
      '顶楼平台的护栏倒了',
      '走廊护栏被装修的拆了 也没拦一下',
      '十二层外走廊的栏杆缺了一段',
      '樓梯轉角的欄杆斷咗 好危險',
      '楼梯的栏杆断开了 旁边就是天井',
      '护栏断了 小孩还趴在上面往下看',
      '栏杆松了 刚才有个老人差点翻下去',
      '扶手整根掉了 我妈差点摔下去',
      '阳台护栏锈穿了 娃儿爬上去玩',
      '楼道窗户的防护栏掉了 外面就是六楼',
      '护栏断咗 细路仔扒住往下望',
      '有个老人靠在走廊那段松了的栏杆上晒太阳',
      '孩子趴在三楼断掉的护栏上往下看',
      '小孩半个身子探出窗外 家里没大人',
    ],
    notEmergencies: [
      '楼梯扶手松了 有空来紧一下',
      '走廊栏杆刚刷了漆 别靠',
      '护栏掉漆生锈了 能不能重新刷一下',
      '阳台栏杆上晒了被子 挡光',
      '楼梯扶手上的灰好厚',
      '小区门口的护栏什么时候重新刷',
      '河边护栏旁边的路灯不亮',
      '有人靠在新装的栏杆上抽烟',
    ],
  },
  {
    name: 'a manhole cover gone: stolen, lifted, an open hole',
    category: '安全',
    emergencies: [
      '3号楼后面的井盖被人偷走了',
      '雨水井盖不在了 就剩一个黑洞',
      '窨井盖被掀开了 没人管',
      '小区路口的井盖被盗了',
      '井盖被车压翻过去了 露着个口',
      '沙井盖冇咗 好大個窿',
      '路边那个井敞着 没盖 晚上看不见',
      '下水井没有盖了 小孩在旁边跑',
      '污水井盖被撬走了 要是掉进去咋整',
      '井盖不见了 地上一个大窟窿',
      '路中间有个窟窿 我差点踩进去 原来是井口',
      '井盖碎了 人能掉下去',
      '井蓋被偷咗',
      '化粪池的盖子没了 露着',
      '后门那个沙井嘅盖唔见咗',
      '路边窨井的盖子被人偷了',
      '下水井上的盖没了 黑乎乎一个口',
    ],
    notEmergencies: [
      '井盖的钥匙丢了 谁那有备用的',
      '换井盖的钱是物业出还是业主出',
      '井盖松了 车一压就响',
      '井盖有点翘 踩上去咯噔一下',
      '修井盖的费用要不要公示',
      '井盖上有油漆',
      '下水井盖被撬走了一块 边上缺个角',
    ],
  },
  {
    name: 'an exit or fire door chained, padlocked, locked or welded shut',
    category: '安全',
    emergencies: [
      '紧急出口被人拿链子拴上了 挂了把锁',
      '楼梯间的门被锁死了 着火都跑不出去',
      '逃生通道的门让人焊死了',
      '消防门上挂了一把大锁',
      '疏散门被物业锁住了 说是防小偷',
      '有人用铁链把安全出口锁了',
      '走火通道把門鎖咗',
      '地库的安全出口被封死了',
      '楼梯间的门被物业挂了大锁 楼上的人下不来',
      '安全出口門口用U型鎖鎖住了',
      '消防通道那扇门被人用木板钉死了',
      '楼梯口的门上了锁 从里面出不去',
      '防火门被链条缠住了 还上了锁',
      '逃生出口的门锁起来了',
      '地下室出口的门让人拿铁链拴住了',
      '后楼梯的门被物业用大锁锁上了 出不去',
      '楼梯道的门焊死了 着火咋跑',
      '二楼那个绿牌子出口的门被人锁住了',
    ],
    notEmergencies: [
      '安全出口指示灯不亮了',
      '安全出口的标志灯灭了',
      '安全出口的门锁坏了 关不上',
      '消防门一直开着 没关',
      '防火门关不严 有条缝',
      '安全出口的绿灯一闪一闪的',
      '楼梯间的门锁不上',
      '天台门锁了 晒不了被子',
      '车库出口的门锁坏了',
      '地库出口的门一直锁着 开车进出要绕路',
    ],
  },
  {
    name: 'a hard thing fallen from above, in every wording',
    category: '安全',
    emergencies: [
      '阳台上的花盆掉下来了 就在我面前',
      '高处掉下来一个衣架 砸到车上',
      '楼上砸下来一块玻璃 碎了一地',
      '上面落下来一块瓷砖 差点砸到小孩',
      '楼上跌咗個花盆落嚟',
      '阳台一个晾衣杆掉到楼下去了',
      '樓上跌落一塊磚',
      '顶楼掉了块水泥块下来',
      '刚才天台掉下来一根钢管',
      '八楼窗户玻璃掉下来了',
      '不知道哪层掉下来个拖把',
      '花盆从阳台跌落 差少少砸中人',
      '头顶上掉下一块瓦片',
      '楼上飞下来一个凳子',
    ],
    notEmergencies: [
      '楼上的树叶掉到我家阳台了',
      '一片叶子从楼上掉下来',
      '楼上晒的衣服掉下来了',
      '楼上的花盆挡住我家窗户了',
      '楼上空调滴水掉到我家窗台',
      '阳台的花盆能不能放到楼道',
      '花盆里的土撒了一地',
      '树上掉了好多叶子 没人扫',
      '楼上往下倒水',
    ],
  },
  {
    name: 'a wall, fence, canopy or ceiling leaning or about to come down',
    category: '安全',
    emergencies: [
      '小区东边的围墙往路上歪了',
      '挡土墙鼓了个大包 下面是停车场',
      '那堵墙斜得厉害 随时会塌',
      '车棚歪过去了 怕是要倒',
      '院墙裂了一条大缝 越裂越大',
      '天花板一直往下坠 感觉随时要塌',
      '吊顶快塌了 下面就是大堂',
      '雨棚倾斜了 挂在半空',
      '護坡那邊好似要塌',
      '围栏整排朝人行道倾过去了',
      '围墙都歪了 一推就晃',
      '那段墙好像要倒了 小孩天天在下面玩',
      '铁栅栏向外面倒过去了',
      '单元门口的雨篷歪了 随时会掉下来',
    ],
    notEmergencies: [
      '围墙上被人乱涂乱画',
      '墙上有条细缝',
      '围墙斜对面有个垃圾桶没人清',
      '墙上的画挂歪了',
      '围墙上的爬山虎太多了',
      '吊顶有点发黄',
      '围墙刷漆刷得不均匀',
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

describe('the safety rules: sewage sprayed up a drain', () => {
  it.each(['我家地漏在往外喷脏水', '马桶往上呲粪水 满地都是', '下水道口在喷 黑乎乎的臭水'])(
    'GIVEN "%s" THEN the rules call it major, 环境卫生',
    (text) => {
      expect(classifyByRules(text)).toMatchObject({ ticketClass: 'major', category: '环境卫生' });
    },
  );
});

// Three concepts from the emergencies the retrained model missed in cross-validation this round
// (a hard thing thrown down by nobody named, wiring that crackles or is hot, a lift sliding down).
describe.each([
  {
    name: 'a hard thing thrown or dropped from above',
    category: '安全' as TicketCategory,
    emergencies: [
      '不知道哪层扔下来一个啤酒瓶',
      '上头丢下来半截砖 差点砸着我',
      '又有人往楼下扔花盆了',
      '有人往楼下砸碗 碎了一地',
      '樓上有人掟嘢落嚟',
      '菜刀从上面扔下来 插在草坪上',
      '一个铁罐子丢下来 把车顶砸凹了',
    ],
    notEmergencies: [
      '把钥匙从窗口丢下来给我 我在楼下',
      '酒瓶扔在楼道里没人收',
      '啤酒瓶丢到楼下垃圾桶了',
      '快递丢在单元门口了',
      '旧椅子扔在楼道里好几天了',
    ],
  },
  {
    name: 'wiring that crackles, flashes or is hot',
    category: '安全' as TicketCategory,
    emergencies: [
      '电表箱里啪啪响 还闪光',
      '插座摸着好烫 里面吱吱的',
      '开关面板滚烫 不敢碰',
      '楼道的电线一直吱吱响',
      '配电箱里面噼啪噼啪的',
    ],
    notEmergencies: ['暖气开关很烫 正常吗', '电表箱的门坏了', '插座面板松了 换个新的', '开关按了灯不亮'],
  },
  {
    name: 'a lift sliding down',
    category: '维修' as TicketCategory,
    emergencies: [
      '电梯停在五楼又往下溜了一截',
      '电梯突然下降了好几层',
      '电梯往下滑 吓死了',
      '3号电梯溜了一层才停',
    ],
    notEmergencies: ['电梯下行的时候有点慢', '电梯往下走的时候有异响', '电梯里的灯一闪一闪'],
  },
  // From the held-out emergency the model retrained on blind set 4 classed 一般 (电梯坐到一半咣当一下停了).
  {
    name: 'a lift stopped mid-ride or with a jolt',
    category: '维修' as TicketCategory,
    emergencies: [
      '电梯坐到一半突然停了',
      '电梯上到一半卡住了 我还在里面',
      '电梯运行到中途停了 门也不开',
      '电梯咣当一下停了 我在里面',
      '电梯哐当一声卡住了',
      '電梯坐到一半停咗',
      '电梯升到一半停住了',
      '电梯咯噔一下不动了',
      '电梯乘到半道顿住了 吓死',
      '电梯老出毛病，今天在三楼停了好长时间不开门',
      '电梯卡在五楼老半天',
      '那部电梯停在两层之间好一会',
    ],
    notEmergencies: [
      '电梯坐到一半停了一下 又走了',
      '电梯咣当一声 还能正常走',
      '电梯广告放到一半卡了',
      '电梯维修到一半停工了',
      '电梯咯噔一下 停稳了',
      '电梯咣当一下停了 过了几秒又走了',
      '电梯维保停了半天',
      '电梯等了好久才来',
    ],
  },
])('the safety rules: $name', ({ category, emergencies, notEmergencies }) => {
  it.each(emergencies)('GIVEN "%s" THEN the rules call it major', (text) => {
    expect(classifyByRules(text)).toMatchObject({ ticketClass: 'major', category });
  });

  it.each(notEmergencies)('GIVEN "%s" THEN no safety rule makes it major', (text) => {
    expect(classifyByRules(text).ticketClass).not.toBe('major');
  });
});

describe('the safety rules: clear water up a drain is no sewage', () => {
  const sewage = ticketRules.findIndex((r) => r.ticketClass === 'major' && r.category === '环境卫生');

  it.each([
    '地漏往上冒清水 不臭',
    '下水道口冒清水 好像是自来水管破了',
    '马桶水箱往外冒的是清水',
    '洗碗池往上冒清水',
  ])('GIVEN "%s" THEN the sewage rule does not fire', (text) => {
    expect(sewage).toBeGreaterThanOrEqual(0);
    expect(firedRules(normalizeTicketText(text))).not.toContain(sewage);
  });

  it.each(['地漏往上冒黑水 臭死了', '马桶往外冒 全是脏东西', '化粪池满出来了 流到路上'])(
    'GIVEN sewage ("%s") THEN it still fires',
    (text) => {
      expect(firedRules(normalizeTicketText(text))).toContain(sewage);
    },
  );
});

describe('what the safety rules leave to the model', () => {
  it.each([
    '我家外墙渗水 墙上全是霉点',
    '外墙一下雨就渗 墙角发霉',
    '外牆滲水 牆紙發黴了',
    '北边外墙有裂缝 下雨往里渗',
  ])(
    'GIVEN rain seeping through an exterior wall, nothing flowing now ("%s") THEN it is facade works: complex, not major',
    (text) => {
      expect(classifyByRules(text)).toMatchObject({ ticketClass: 'complex', category: '维修' });
    },
  );

  it.each(['外墙渗水 流到客厅地上一大滩', '外墙渗进来的水顺着墙往下淌', '顶楼 外墙渗水 屋里摆了三个盆接水'])(
    'GIVEN water from an exterior wall flowing into a home now ("%s") THEN it is major',
    (text) => {
      expect(classifyByRules(text)).toMatchObject({ ticketClass: 'major', category: '维修' });
    },
  );

  it.each(['电动车停在楼道里 没充电 就是挡路', '电瓶车停楼梯口 也没在充电'])(
    'GIVEN an e-bike parked indoors and said not to be charging ("%s") THEN no safety rule makes it major',
    (text) => {
      expect(classifyByRules(text).ticketClass).not.toBe('major');
    },
  );
});

// Over-firings the previous round listed (REPORT.md), each fixed by what the words say, with the
// emergencies that share the words beside them.
describe.each([
  {
    name: 'a notice about a cut, or a cut to come',
    notEmergencies: [
      '明天停水的通知贴在哪',
      '停电公告发群里了吗',
      '下周二全天停电 大家提前准备',
      '明天上午九点到下午三点断水',
      '计划停气 明早八点开始',
      '听说后天要停水',
      '停暖通知出了吗',
      '下个月小区停电检修 几号',
    ],
    emergencies: [
      '停水通知都没有就停了',
      '今天又停水了 明天还停吗',
      '明天要上班 现在停电了 怎么洗澡',
      '物业通知停水 结果停了三天了',
      '停电了 也没个通知',
      '说是计划停两小时 现在停电一天了',
      '明天交物业费 今天又停水了',
    ],
  },
  {
    name: '停电 inside 停电动车 (parking an e-bike) or 停电梯 (stopping a lift)',
    notEmergencies: [
      '停电动车的地方在哪',
      '楼下能不能停电瓶车',
      '单元门口停电驴的越来越多',
      '明天停电梯保养 走楼梯',
      '地库能停电摩吗',
    ],
    emergencies: ['停电了 电动车也充不了', '小区停电 电动车棚也黑了', '整栋楼停电梯也不动了'],
  },
  {
    name: '都没电 of an e-bike, a phone or a lock',
    notEmergencies: [
      '电动车放了一个月 都没电了',
      '电瓶车都没电了 推都推不动',
      '手机都没电了 物业电话也打不通',
      '单元门密码锁都没电了',
    ],
    emergencies: [
      '楼里都没电了',
      '电动车停楼下 家里没电了',
      '电动车停楼道 整栋楼都没电',
      '手机都没电了 整栋楼停电一晚上了',
    ],
  },
  {
    name: 'a smoke detector chirping for its battery, with no smoke',
    notEmergencies: [
      '家里烟感半夜嘀一声 应该是电池不行了',
      '楼道烟雾报警器一直叫 没有烟 是不是没电了',
      '走廊的烟感老是响 没烟没火的',
    ],
    emergencies: ['烟感一直叫 楼道里好多烟', '烟雾报警器响了 闻到焦味', '烟感响个不停 门缝里在冒烟'],
  },
  // From blind set 7's six emergencies classed 一般, broadened by concept (REPORT.md, "Blind set 7").
  {
    name: 'a battery carried indoors to charge, the charging word cut short',
    notEmergencies: ['把手机电池拿回家充', '电池拿去换了 不用充了', '电瓶车停在车棚充电'],
    emergencies: [
      '楼上那家把电瓶提回家里充 天天如此',
      '他们把电池扛上楼冲 一冲就是一夜',
      '电动车的电池抱进卧室充着',
    ],
  },
  {
    name: 'an escape stair named as such, its door welded or locked',
    notEmergencies: ['消防楼梯的灯不亮', '逃生楼梯堆了几个纸箱', '安全楼梯的扶手有点脏'],
    emergencies: [
      '疏散楼梯那道门被人用铁链锁上了',
      '消防楼梯的门被焊住了 出不去',
      '安全楼梯口的门锁死了 着火怎么跑',
    ],
  },
  {
    name: 'a handrail that came off with someone nearly over',
    notEmergencies: ['扶手上的漆掉下来了', '楼梯扶手有点松 麻烦紧一下', '扶手脱了一颗螺丝'],
    emergencies: [
      '楼梯扶手整根脱开了 我爸差点摔下去',
      '护栏一推就脱出来了 孩子差点翻出去',
      '扶手松脱 老太太险些跌下去',
    ],
  },
  {
    name: 'a canopy or sign sagging a corner over where people pass',
    notEmergencies: ['窗帘垂下来一个角', '海报掉下来一个角 重新贴一下', '雨棚颜色有点旧了'],
    emergencies: [
      '车棚顶棚塌下来一边 底下停着车',
      '单元门上的雨篷耷拉下来半边',
      '招牌歪下来一个角 正对着门口',
    ],
  },
  {
    name: 'a hydrant or main knocked off and gushing',
    notEmergencies: ['消防栓的漆掉了', '小区喷泉水柱喷老高 好看', '消火栓箱门关不上'],
    emergencies: [
      '消火栓让货车撞断了 水哗哗往外冒',
      '路边的总水管被挖断了 水柱窜得老高',
      '水表被撞裂了 一直在喷',
    ],
  },
  {
    name: 'a manhole cover crushed and fallen in',
    notEmergencies: ['井盖被压碎了一角', '井盖压得咯噔咯噔响', '井盖钥匙丢了'],
    emergencies: [
      '路口井盖被渣土车压塌了 掉进去了',
      '下水井盖被压烂了 人差点踩空',
      '窨井盖被压穿了 底下黑乎乎的',
    ],
  },
  // From blind set 8's five emergencies classed 一般, broadened by concept (REPORT.md, "Blind set 8").
  {
    name: 'power still not back, told by the hour or the fridge',
    notEmergencies: ['明天停电到几点 什么时候来电', '冰箱化霜要多久', '冰箱坏了 不制冷'],
    emergencies: [
      '都半夜了一直没来电 孩子热得睡不着',
      '停了一下午到现在都没恢复供电',
      '冰箱里的冰全化完了 还是黑的',
    ],
  },
  {
    name: 'someone nearly over from a broken railing, the person first',
    notEmergencies: ['孩子差点从滑梯上摔下来', '栏杆刷漆了 别靠', '老人差点在楼梯上滑倒'],
    emergencies: [
      '有个小孩险些从坏掉的护栏那掉下去',
      '我爸差点从松了的栏杆上翻出去',
      '邻居家娃几乎从没了的护栏那滚下去',
    ],
  },
  {
    name: 'a shock told by the hand',
    notEmergencies: ['楼道插座有电吗', '坐久了腿麻了', '扶手有点凉'],
    emergencies: ['单元门的铁门把手电手 摸一下就麻', '晾衣架麻手 是不是哪里漏', '碰了一下路灯杆电了一下'],
  },
  {
    name: 'a heating manifold or a fitting spraying',
    notEmergencies: ['水龙头关不掉 一直滴', '阀门有点渗', '地暖不热 分水器要调吗'],
    emergencies: ['集分水器接口往外滋 关不住', '暖气阀门那里飙水 满地都是', '卫生间三通接头喷水了'],
  },
  {
    name: 'a meter box tripped that will not go back up',
    notEmergencies: ['电表箱的门坏了 关不上', '电表箱推上去就好了', '配电箱上贴的字看不清'],
    emergencies: [
      '配电箱里的闸跳了 师傅弄了半天还是合不上',
      '表箱那里全跳了 推了几次都推不起来',
      '电箱跳了 一推就跳',
    ],
  },
  {
    name: 'taps that only gurgle or blow air, not a drop',
    notEmergencies: ['水龙头有点滴水 关不紧', '水管咕噜咕噜响 吵得睡不着', '水压有点小 但还能用'],
    emergencies: [
      '龙头一拧就光出气 家里一点都不出水',
      '水管呼呼响了半天也不出水 楼上楼下都这样',
      '厨房水龙头半滴水都不流了',
    ],
  },
  {
    name: 'a charger plugged in for an e-bike or battery indoors',
    notEmergencies: [
      '电动车充电器丢了 谁捡到了',
      '手机充电器插在电梯插座上忘拿了',
      '电瓶车的充电器插在充电桩上了',
    ],
    emergencies: [
      '有人把电瓶提到楼道 充电器就插在墙上的插座里',
      '电动车推进大堂了 插头插在保安室的插座上',
      '楼梯口停着电驴 充电线接到了三楼住户家里',
    ],
  },
  {
    name: 'the yellow gas pipe hissing, or a hiss with a smell',
    notEmergencies: ['黄色的管子生锈了 能刷个漆吗', '水管嘶嘶响 吵得睡不着', '空调外机滋滋响'],
    emergencies: [
      '车库顶上那条黄管子一直嘶嘶的',
      '厨房墙角黄色的管道接头那里有味 不敢开火',
      '楼道里咝咝的响 还有股怪味 有股怪味',
    ],
  },
  {
    name: 'someone shut in a goods lift or a lift car',
    notEmergencies: ['货梯几点开放', '货梯里好脏 谁搬家没扫', '轿厢里的灯一闪一闪'],
    emergencies: ['搬家师傅卡在货梯里下不来', '我爸被关客梯里了 按铃没人理', '有人困在轿厢中 快来'],
  },
  {
    name: 'staff or a visitor locked in, or knocking from inside',
    notEmergencies: ['保安亭的门锁坏了', '快递被锁在柜子里取不出来', '装修的在里面敲墙 吵死了'],
    emergencies: [
      '修水泵的师傅被锁在泵房了',
      '我妈被反锁在储藏室 手机没带',
      '配电房有人在里面拍门 门从外面插上了',
    ],
  },
  {
    name: 'sewage coming back up, said with 返 or 反',
    notEmergencies: ['下水道反味 好臭', '地漏返上来一股臭味', '洗碗池下水有点慢'],
    emergencies: [
      '马桶里的东西反上来了 溢到地上',
      '地下室的污水井返出来了 满地都是',
      '厕所下水返起来了 淹到门口',
    ],
  },
  {
    name: "a unit's radiators cold, or a home at 12 degrees or less",
    notEmergencies: ['室温才18度 不达标', '我家卫生间的暖气片不热 别的屋都热', '单元门口的暖气片漏了一点水'],
    emergencies: ['整栋楼片子冰凉 老人冻得不行', '屋里只有9度 暖气跟没开一样', '这栋的地暖全都没温度'],
  },
  {
    name: 'the fire lane told by the fire engine',
    notEmergencies: ['消防车道的线都褪色了 重新画一下吧', '消防车道划在哪里了', '消防车的路牌被风吹歪了'],
    emergencies: ['消防车的道被装修垃圾堵死了', '消防车的通道停满了私家车', '消防车的路让人用铁栏杆封了'],
  },
  {
    name: 'smoke called a haze or fog indoors',
    notEmergencies: ['今天雾霾好大 看不清对面楼', '卫生间洗完澡雾蒙蒙的', '楼道里全是灰 好久没扫了'],
    emergencies: [
      '楼梯间一片白雾 呛得人直咳嗽',
      '配电房那边雾蒙蒙的 警报一直响',
      '车库里灰雾好浓 车灯都照不透 看不清路',
    ],
  },
  {
    name: 'the lift by other names, stopped, or someone calling from inside it',
    notEmergencies: ['梯子倒了 谁放在楼道的', '货梯什么时候能用', '轿厢里的广告屏太吵'],
    emergencies: [
      '货梯突然不动了 搬家的东西还在里面',
      '快递员在电梯里头敲了半天 门打不开',
      '客梯一下停住了 我邻居还在里面',
    ],
  },
  {
    name: 'the well named first, its cover after',
    notEmergencies: ['井盖子的钥匙谁拿着', '那个井盖子有点松 踩上去咔咔响', '小区的井都是啥时候清理'],
    emergencies: ['3栋旁边的井，盖子不见了', '草坪边上那口井 盖子被人拿走了', '污水井那儿盖子没了 晚上黑'],
  },
  {
    name: 'the fire engine that cannot get in, and the emergency lane',
    notEmergencies: [
      '万一消防车开不进来怎么办 建议整改',
      '应急车道的标识能不能重新刷',
      '消防车来演练了 大家别慌',
    ],
    emergencies: ['救援通道让快递车堵死了', '小区门口停满了车 消防车开不进', '应急车道上摆满了摊子'],
  },
  // From blind set 12's three emergencies classed 一般, broadened by concept (REPORT.md, "Blind set 12").
  {
    name: 'smoke told by what it does, with neither 烟 nor 雾',
    notEmergencies: [
      '装修的在打磨 楼道里白茫茫一片 呛得直咳嗽',
      '楼下炒辣椒 呛得直咳嗽 眼泪都出来了',
      '小区在喷消毒药 白茫茫一片 呛得咳嗽',
      '楼道里黑乎乎一片 什么都看不清',
    ],
    emergencies: [
      '楼道里白蒙蒙的 呛得人直咳嗽',
      '地下室灰蒙蒙一片 熏得眼睛都睁不开',
      '三楼走廊呛得直咳嗽 对面的门都看不见了',
    ],
  },
  {
    name: 'a shock told as being struck, at something electric',
    notEmergencies: [
      '开电箱的时候被门打了一下头',
      '在充电桩旁边被球打了一下',
      '孩子在喷泉边上被别的小孩打了一下',
    ],
    emergencies: [
      '摸配电箱的时候被打了一下 手到现在还麻',
      '孩子碰了下路灯杆子 给打了一下 哭着回来的',
      '修灯的师傅碰到线头被打了一下 从梯子上摔下来了',
    ],
  },
  {
    name: 'a cover in the ground gone by its make or shape, and a hole come up',
    notEmergencies: [
      '垃圾桶的盖子没了 臭死了',
      '快递柜的铁盖子没了',
      '草地上有个大洞 像是老鼠打的',
      '路面有个坑 开车颠得慌',
    ],
    emergencies: [
      '人行道上那块铁盖板不见了 剩个黑洞',
      '停车场出口地上多了个大窟窿',
      '草坪边的圆盖子被人掀开了 晚上看不见',
    ],
  },
  // A corpus emergency the model retrained with blind set 12 stopped catching (REPORT.md, "Blind set 12").
  {
    name: 'water running down along a light or another fitting',
    notEmergencies: ['灯罩里好多死虫子', '卫生间的灯一闪一闪', '楼上空调的水流落嚟 搞到我窗台湿晒'],
    emergencies: ['水顺着吸顶灯往下滴', '楼上的水沿着电线流到插座里', '楼上洗衣机的水沿住灯位流落嚟'],
  },
  // From blind set 14's two emergencies classed 一般, broadened by concept (REPORT.md, "Blind set 14").
  {
    name: 'a shock told as a tingle or a bite from something touched',
    notEmergencies: ['摸了一下狗 手被咬了', '蹲久了腿麻麻的', '摸了毛毛虫 手麻麻的'],
    emergencies: [
      '饮水机的外壳一摸就麻麻的',
      '按了下售货机的按钮 手被咬了一下似的',
      '拉健身器材的把手 手麻酥酥的',
    ],
  },
  {
    name: 'a well told uncovered before it is named, or someone fallen in',
    notEmergencies: [
      '钥匙掉进下水井里了 能帮忙捞一下吗',
      '手机掉到雨水井的篦子下面了',
      '井盖有点松 小孩踩上去晃',
    ],
    emergencies: [
      '楼后面有个没盖的井 晚上黑黢黢的',
      '小孩掉进化粪池了 快来人',
      '邻居家的猫掉进窨井里了 在下面叫',
    ],
  },
  // From blind set 15's three emergencies classed 一般, broadened by concept (REPORT.md, "Blind set 15").
  {
    name: "a well's cover by any name trodden, crushed or rusted through",
    notEmergencies: ['检修井盖板有点松 踩上去哐哐响', '水沟的盖板断了一根 小心崴脚', '井盖裂了一道缝'],
    emergencies: ['雨水沟的铁板被车压断了', '化粪池的水泥板塌下去了', '停车场检修口的钢板被压穿了 一个大洞'],
  },
  {
    name: 'someone inside whose door will not open from within',
    notEmergencies: ['钥匙锁在里面了 打不开门', '我在外面打不开门 钥匙断在锁里了', '单元门的锁坏了关不上'],
    emergencies: [
      '外婆一个人在洗手间里面门打不开了',
      '小孩在车里面打不开门 车锁了',
      '部电梯停咗 我阿妈喺入面 门开唔到',
    ],
  },
  {
    name: 'a hiss and a stink together, in any spelling of the hiss',
    notEmergencies: ['水管一直丝丝响 吵得睡不着', '油锅滋滋响 一股怪味', '垃圾房好臭 苍蝇嗡嗡响'],
    emergencies: ['燃气表那里丝丝地漏 好臭', '楼道里一股怪味 还有嘶嘶声', '厨房咝咝响 还很臭 头晕'],
  },
  // From blind set 16's two emergencies classed 一般, both gas told by likeness (REPORT.md, "Blind set 16").
  {
    name: 'rotten eggs by likeness, after a smell word',
    notEmergencies: ['冰箱里的鸡蛋坏了 好臭', '闻着像臭鸡蛋糕', '这人真是个坏蛋 味道都不对'],
    emergencies: ['楼道里一股味 闻着像烂鸡蛋', '电梯间味道好冲 像坏了的鸡蛋', '厨房里闻着跟臭蛋似的 头疼'],
  },
  {
    name: 'the gas canister named by a likeness and a smell',
    notEmergencies: ['罐子里的咸菜坏了 一股味', '楼道里有股味 像谁家在用罐子腌酸菜', '闻着像红烧肉的味道'],
    emergencies: [
      '地下室那股味 像钢瓶漏出来的气味',
      '走廊有股味道 好似气罐那种味',
      '楼道里味儿怪怪的 像老家用罐子做饭的味',
    ],
  },
  // From blind set 17's two emergencies classed 一般, broadened by concept (REPORT.md, "Blind set 17").
  {
    name: 'someone fallen into a pit or a ditch, and a pit told uncovered',
    notEmergencies: ['车轮掉进坑里了 推不出来', '我踩到个坑 崴了脚', '路上好多坑 开车颠'],
    emergencies: [
      '老人摔进施工的坑里了 起不来',
      '小朋友掉进沟里了 沟好深',
      '花园那边有个没盖的深坑 晚上看不见',
    ],
  },
  {
    name: 'someone sitting or leaning on a loose railing up high',
    notEmergencies: ['天台的栏杆松了 没人敢去', '栏杆刚刷了漆 别坐上去', '我家小子坐在栏杆上玩手机 说了不听'],
    emergencies: [
      '我孙子趴在阳台那截松动的护栏上往下看',
      '五楼走廊松脱的栏杆上有小孩坐着',
      '外孙坐在露台松掉的栏杆上晃腿',
    ],
  },
  // From blind set 18's emergency classed 一般, broadened by concept (REPORT.md, "Blind set 18").
  {
    name: 'the well or the pit named first, and who fell in after',
    notEmergencies: ['井里掉进去一个手机', '坑里掉了个球 谁帮忙捡一下', '下水道里掉下去一把钥匙'],
    emergencies: ['狗掉沟里了 爬不上来', '沟里面跌落咗个老人', '化粪池里掉下去一只猫 在叫'],
  },
  // From blind set 19's two emergencies classed 一般, broadened by concept (REPORT.md, "Blind set 19").
  {
    name: 'gas likened to a burner that clicked without lighting',
    notEmergencies: [
      '灶台打火打不着 是不是电池没电了',
      '闻着像灶台上炖的肉 好香',
      '炉子点不着 燃气公司说要换阀门',
    ],
    emergencies: [
      '楼道那股味 跟煤气灶打火没打着一样',
      '厨房闻着像开了火没点着 头有点晕',
      '门口有味 好像炉头点不着那会儿的味道',
    ],
  },
  {
    name: 'a red glow flickering indoors, with smoke or blackened glass',
    notEmergencies: [
      '厨房墙被油烟熏黑了 想刷一下',
      '对面楼窗户里红光一闪一闪的 估计是装了彩灯',
      '炉子点了半天 是不是着了',
    ],
    emergencies: [
      '楼下车库里红光一闪一闪 还有烟',
      '隔壁窗户玻璃熏黑了 是不是着了',
      '502屋里红红的光一晃一晃的 门缝里冒烟',
    ],
  },
  // A corpus emergency (independent-4, Hokkien) the model retrained with blind set 19 stopped catching.
  {
    name: 'a building or home without power in Hokkien (無電, 厝)',
    notEmergencies: ['手机无电了', '这栋楼无电梯 老人上下不方便', '电动车无电了 推回来的'],
    emergencies: ['整栋无电', '阮厝無電啦', '归栋楼拢无电 电梯停了'],
  },
  {
    name: 'a thing that burns said to have caught (着了), not sleep, keys found, a light on, an engine started or a worry',
    notEmergencies: [
      '孩子好不容易睡着了 楼上别再拖椅子了',
      '丢的钥匙找着了 谢谢大家',
      '楼道灯着了一晚上 也没人关',
      '车打着了 但是地库出口的杆抬不起来',
      '万一电动车着了 我们这栋往哪跑',
    ],
    emergencies: [
      '东门那个垃圾箱着了',
      '车棚里一辆电瓶车又着了',
      '三楼阳台上的纸箱着了 快来人',
      '隔壁油锅着咗',
    ],
  },
])('the safety rules: $name', ({ notEmergencies, emergencies }) => {
  it.each(notEmergencies)('GIVEN "%s" THEN no safety rule makes it major', (text) => {
    expect(classifyByRules(text).ticketClass).not.toBe('major');
  });

  it.each(emergencies)('GIVEN "%s" THEN it is still major', (text) => {
    expect(classifyByRules(text).ticketClass).toBe('major');
    expect(classifyTicket(text).ticketClass).toBe('major');
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

  it('GIVEN the homophone 媒气 (煤气) THEN it reads as 煤气, in traditional characters too', () => {
    expect(normalizeTicketText('媒气味 媒氣 媒汽')).toBe('煤气味煤气煤气');
  });

  it('GIVEN the pinyin slip 天然汽 THEN it reads as 天然气', () => {
    expect(normalizeTicketText('像天然汽')).toBe('像天然气');
  });

  it('GIVEN the homophones 电平车, 电屏车, 电洞车 THEN they read as e-bikes, and 停电 平时 keeps its 停电', () => {
    expect(normalizeTicketText('电平车 电屏车 电洞车')).toBe('电瓶车电瓶车电动车');
    expect(normalizeTicketText('整栋楼停电 平时都好好的')).toBe('整栋楼停电平时都好好的');
    expect(classifyByRules('整栋楼没电 平时都好好的').ticketClass).toBe('major');
  });
});
