/**
 * The keyword rules for a ticket's category and class (SPEC "Tickets and the "5431" rule"), and
 * the words of the classes and categories. The rules are no longer the classifier (that is the
 * model in ./index.ts, trained on owners' own words); they are its safety net (the major rules:
 * an emergency is never 一般) and some of its features. Pure and total: every string gets an
 * answer, none throws. They favour the safe mistake (calling something major) over the quiet one.
 */

import { type Gate, mayMatch, storedGate, unitsOf } from './keyword-gate.js';
import { traditionalToSimplified } from './to-simplified.js';

/** The eight ticket categories (SPEC "Tickets and the "5431" rule"). */
export const ticketCategories = ['维修', '环境卫生', '安全', '噪音', '停车', '绿化', '收费', '其他'] as const;
export type TicketCategory = (typeof ticketCategories)[number];

/** The three classes; each sets its own clock (SPEC "Tickets and the "5431" rule"). */
export const ticketClasses = ['general', 'major', 'complex'] as const;
export type TicketClass = (typeof ticketClasses)[number];

/** What a class is called in replies. */
export const ticketClassNames: Record<TicketClass, string> = {
  general: '一般',
  major: '重大',
  complex: '复杂',
};

/**
 * One line of the keyword table. String keywords match as substrings of the normalized text
 * (see {@link normalizeTicketText}), so they must be written normalized: no spaces, half-width,
 * lower case. RegExps are tested on the same text; give them no `g` or `y` flag.
 */
export interface TicketRule {
  keywords: readonly (string | RegExp)[];
  category: TicketCategory;
  ticketClass: TicketClass;
  note?: string;
  /**
   * The rule sets the class but says nothing of the category (a vote, another body, a dispute
   * can be about parking or trees): when it decides the class, the category is that of the first
   * other rule that fires, and its own only when none does.
   */
  generic?: true;
}

/** What {@link classifyTicket} decided, and why. */
export interface Classification {
  category: TicketCategory;
  ticketClass: TicketClass;
  /** The keywords that fired (for a RegExp, the text it matched), in rule order, for /进度 and debugging. */
  matched: string[];
}

/** What owners charge indoors: e-bikes in every name (电鸡 in Guangxi, 电单车 in Cantonese), batteries. */
const VEHICLES = '电动|电瓶|电驴|电单车|电摩|电鸡|摩托|电池|滑板车|平衡车';

/**
 * Not charging: said not to be ("没充电" is a bike parked in the way, 安全·一般), or a phone, a laptop
 * or a power bank being charged (LABELS.md: a phone charging is not an e-bike charging).
 */
const NOT_CHARGING =
  '(?<!没|不|未|没在|不在|没有)(?<!(手机|电脑|平板|笔记本|耳机|手表|相机|充电宝|ipad|iphone)[^，。]{0,3})';

/**
 * The charging word, after a vehicle or a battery: 充电 and Cantonese 叉电 (叉紧电, 叉咗电); the verb
 * split around how much or how long (充点电, 充会儿电, 充满电, 冲个电, 充一晚上, 充着); and the slips a
 * pinyin keyboard makes of chōngdiàn: the homophones 冲电, 充店, 冲店 and 重电 (chóng), and 冲点, 充点
 * (the first candidate for each syllable typed alone). Not a charging pile, shed, card or power bank;
 * the slips not where they start another word ("冲电梯" rushes to the lift, "冲电话费" tops up a phone,
 * "太重电瓶" is heavy, "冲点水" rinses, "充点钱" tops up a card).
 */
const CHARGING = `${NOT_CHARGING}((充电|叉电|叉[紧咗住着]电|充着|在充|充了|充一|充到|[充冲][点会下个上满好完着]儿?电)(?!桩|站|棚|车棚|柜|位|设施|值|宝)|(冲电|充店|冲店)(?!桩|站|棚|柜|位|宝|话|梯|视|脑|影|费|表)|重电(?!梯|动|瓶|池|车|驴|话|视|脑|影|费|表|器|箱|闸|源|量|压|流)|(冲点|充点)(?!水|钱|值|话费|卡|币|东西))`;

/** Above someone: where a thing falls from onto people below. */
const ABOVE =
  '楼上|高空|高处|高层|阳台|天台|楼顶|顶楼|屋顶|房顶|窗口|窗外|窗台|头顶|上面|上头|上边|上方|哪层|哪一层|哪家|哪户|[0-9一二三四五六七八九十几]+楼';

/** Falling, dropped or knocked down, in Mandarin and Cantonese (跌落, 跌咗, 落咗). */
const FALL =
  '掉下|掉落|掉了|掉到|掉在|掉咗|砸下|砸落|砸了下|落下来|落下去|落了下|落咗|落嚟|跌落|跌下|跌咗|跌了|坠|飞下|甩下|扔下|丢下|抛下|掟落|倒下来|翻下来|滑下来|刮下来|吹下来';

/** Hard things that hurt when they come down; not laundry, peel, water or leaves. */
const HARD_THINGS =
  '花盆|花钵|盆栽|花架|衣架|晾衣杆|晾衣架|晒衣杆|晾衣竿|竹竿|叉竿|玻璃|瓷砖|磁砖|墙砖|砖头|砖块|半块砖|瓦片|瓦|石头|石块|水泥块|钢管|铁管|铁片|铁皮|铁架|铁棍|木板|木头|窗框|窗扇|纱窗|窗户|外机|空调外机|空调架|招牌|广告牌|灯箱|雨棚|冰凌|冰柱|拖把|椅子|凳子|酒瓶|瓶子|罐子|菜刀|锤子|扳手|砖';

/** A wall, fence, canopy or ceiling that can come down on someone. */
const STRUCTURES =
  '围墙|院墙|挡土墙|护坡|墙体|外墙|山墙|女儿墙|那段墙|这段墙|那堵墙|这堵墙|一堵墙|整面墙|整堵墙|那面墙|围栏|栅栏|铁栅栏|篱笆|雨棚|雨篷|遮阳棚|车棚|棚子|天花板|天花|吊顶|顶棚|楼板|广告牌|招牌';

/** Leaning, bulging or about to come down. */
const LEANING =
  '(往外|往里|往前|往后|朝[^，。]{0,8}|向[^，。]{0,8}|都|已经|有点|明显)?(斜(?!对|坡|着停|角)|歪(?!歪扭扭)|倾)(了|过去|过来|出去|出来|向|得|着)|倾斜|歪斜|倒过去|倒出去|倒向|要倒|快倒|要塌|快塌|要垮|快垮|塌下来|随时(会|要|都会|可能会?)?(塌|倒|垮)|摇摇欲坠|往下沉|往下坠|下坠了|(斜|歪|耷拉|垂|塌|掉)下来(一个|一只|半边|一边|一半|一截|个)?(角|边)?';

/** Railings, guardrails, balustrades and window guards: what stops a fall. Not 扶手, a handhold. */
const RAILINGS = '护栏|栏杆|防护栏|防护栏杆|围栏|栏板|玻璃栏板|护墙|女儿墙|防护网|护窗|防盗窗|窗护栏';

/** A railing broken off, missing or torn out (not 生锈 or 掉漆). */
const RAILING_GONE =
  '断了一截|断了一段|断了一大截|断了一块|断掉了?|断开了?|断了(?!一根)|断咗|没了|没有了|冇咗|不见了|缺了|少了一截|少了一段|掉了|掉下去|塌了|倒了|垮了|被拆|拆了|拆掉|脱落|整个松|整根松|碎了|破了个大洞|开了个口|开了个缺口';

/** High up, where a railing is all there is between someone and the drop. */
const HIGH_PLACES =
  '[0-9一二三四五六七八九十几]+楼|[0-9一二三四五六七八九十几]+层|楼上|走廊|连廊|阳台|露台|天台|楼顶|顶楼|屋顶|平台|高处|楼梯|楼道|窗';

/**
 * A cut of water, power, gas or heating as it happens, not one announced for later: not a notice
 * ("停水的通知贴哪了", "停电公告"; but "停水通知都没有" tells of a cut), nor a cut said to come, with a
 * day or a plan before it and nothing between but when and where ("明天上午九点到十二点停水", "下周我们楼
 * 全天停电", "计划停气"; but "明天交物业费 今天又停水了" is one now). `before` and `after` are more
 * lookarounds for the word.
 */
function cutNow(word: string, before = '', after = ''): RegExp {
  const planned =
    '(明天|明早|明晚|明日|后天|下周|下星期|下礼拜|下个?月|计划|预计|即将|将于|将要|听说|据说)[上下中午晚早凌晨夜间0-9一二三四五六七八九十点时分半到至:~\\-—号日周星期礼拜天起开始全整从会要将小区我们这片楼栋幢单元的]{0,16}';
  const notice = '的?(通知|公告|告示|安排|计划)(?![^，。]{0,2}(没|冇|无|未|都不|也不|根本不))';
  return new RegExp(`(?<!${planned})${before}${word}${after}(?!${notice})`);
}

/**
 * The keyword table. Order matters only between rules of the same class: the first one that
 * fires gives the category. So within each class the specific rules come before the catch-alls,
 * and within major the life-safety rules come first.
 */
export const ticketRules: readonly TicketRule[] = [
  // ── major (重大): someone may get hurt or a whole building loses a utility. These are also the
  // safety rules that sit on top of the statistical model (see ./index.ts): whatever the model
  // says, a text one of them fires on is never 一般. So they lean towards the false alarm. ──
  {
    category: '安全',
    ticketClass: 'major',
    note: 'fire, or what owners say when they see it; "万一着火" is a worry, "着火了怎么逃" a question, "打不着火" a stove',
    keywords: [
      // A question about escaping or a worry ("着火了怎么逃", "着火的话往哪跑", "要是家里着火了") is
      // no fire now; a place that is on fire ("三楼着火了 怎么逃") is, whatever follows. "着火了怎么办"
      // stays a fire: owners cry it out. 引起火灾 is for the 火灾 pattern to judge.
      /(?<!(万一|要是|如果|一旦|假如|哪天)[^,，。]{0,4})(?<!容易|会|怕|打不|点不|打|点|引)(着火|起火)(?!了?(的话|时候?|后)?(该|要|应该)?(怎么|咋|咋个|如何|往哪儿?|从哪儿?|朝哪)(逃|跑|疏散|撤|走|出去))(?!的话|后果)/,
      /(?<!(万一|要是|如果|一旦|假如|哪天)[^,，。]{0,6})(楼|家|屋|房|室|道|库|层|户|隔壁|对面|对门|下面|上面|里面|那边|这边|车|棚|间)(着火|起火)/,
      '失火',
      // "火灾隐患", "容易引起火灾", "火灾逃生演练" name a risk, a drill or a question, not a fire.
      /(?<!(万一|要是|如果|一旦|假如|哪天|容易|会|怕|防|预防|防止|避免|杜绝)(发生|出现|引发|引起|导致|造成|酿成|有)?)火灾(?!隐患|演练|逃生|预防|知识|保险|报警器|的话|时|了?(该|要)?(怎么|咋|如何|往哪)(办|逃|跑|疏散|撤|走|出去))/,
      '火情',
      /冒.{0,2}烟/,
      '冒火',
      '火苗',
      '火花',
      '火星',
      '明火',
      '浓烟',
      '黑烟',
      '大火',
      '火光',
      // A red glow flickering indoors with smoke, blackened glass or the question of a fire ("窗户里红光
      // 一闪一闪的 玻璃都熏黑了 是不是着了"); not fairy lights, and not a kitchen wall blackened by years of
      // cooking that someone wants repainted.
      /(红光|红红的光|红彤彤的光)[^。]{0,10}(一闪一闪|一闪|闪|晃|跳|窜)[^。]{0,24}(熏黑|熏得|是不是着|着了|冒烟|烟|焦)/,
      /(熏黑|熏得黑|熏得发黑|熏成黑)[^。]{0,16}(是不是着|着了|着火|起火|烧起来|冒烟|红光)/,
      '玩火',
      '放火',
      '纵火',
      '烤火',
      '烧起来',
      '烧着了',
      '着起来',
      // A thing that burns, said to have caught (着了, Cantonese 着咗: "楼下垃圾桶着了", "车棚里电瓶车又着了");
      // not someone asleep, keys found or a light left on (睡着了, 找着了, 楼道灯着了), nor an engine
      // started (车打着了: 打 stands between), nor a worry ("要是杂物着了", "杂物着了火怎么办").
      /(?<!(万一|要是|如果|一旦|假如|哪天|怕|担心)[^,，。]{0,8})(垃圾桶|垃圾箱|垃圾堆|垃圾|纸箱|纸壳|纸皮|杂物|柴火|草堆|枯草|草坪|草地|树叶|树|电动车|电瓶车|电单车|电驴|电瓶|电池|摩托车?|汽车|车|沙发|窗帘|被子|床垫|衣服|电线|线路|电箱|电表箱|配电箱|插座|插线板|排插|电器|冰箱|空调外机|外机|空调|房子|屋子|厨房|油锅|锅|阳台|仓库|储藏室|车棚)(又|都|也|已经|全都|全)?(着了|着咗|着起来了)(?!火[^,，。]{0,3}(怎么|咋|如何|的话))/,
      '燃起来',
      '烧焦',
      '焦糊',
      '爆燃',
      // Caught fire on its own (自燃: an e-bike, a car, a battery), now; not a worry or a question
      // ("会不会自燃", "夏天容易自燃吗", "万一电瓶自燃怎么办"), nor a story from elsewhere ("看新闻说有电动车自燃").
      /(?<!(万一|要是|如果|一旦|假如|哪天|担心|防止|预防|避免|新闻|听说|据说|报道|视频)[^,，。]{0,8})(?<!(会|怕|容易|防)[^,，。]{0,3})自燃(?!的话|吗|么|嘛|事故|事件|隐患|风险|新闻|视频|报道)/,
      // Burning things where people live: paper offerings, rubbish, charcoal (嘢 is Cantonese "stuff").
      // Offerings in every name: 纸钱, 冥币, 元宝, 锡箔 (Shanghai), 金纸 and 烧金 (Hokkien, Taiwan), 衣纸,
      // 烧衣 and 化元宝 (Cantonese); 紧/咗/啲 are Cantonese "-ing", "-ed" and "some", 咧 Hokkien "-ing".
      // Asking whether one may, or a ban ("小区能不能烧纸", "禁止在楼道烧纸"), is no fire, hence the
      // first lookbehind; 发烧, 高烧 are a fever ("孩子发烧衣服都湿了").
      /(?<!(能不能|能否|可不可以|可以|能|不准|不许|不让|禁止|严禁|请勿|勿|不要|别|不能|允许|准不准|让不让)(在[^，。]{0,6})?)(?<!发|高|低|退)(烧|焚烧|焚|燃烧|点燃|点着)(紧|咗|着|了|起|些|啲|点|一堆|一大堆|大堆|成堆|好多|很多|一些|一地)?(啲)?(纸|香|东西|嘢|垃圾|树叶|落叶|秸秆|杂物|衣|轮胎|塑料|炭|木头|柴|纸箱|纸壳|金|银纸|冥|元宝|锡箔|溪钱|寿金|刈金|黄纸|蜡烛)/,
      /(?<!(能不能|能否|可不可以|可以|能|不准|不许|不让|禁止|严禁|请勿|勿|不要|别|不能|允许)(在[^，。]{0,6})?)(点|化)(了|咗|紧|着)?(香烛|纸钱|冥币|冥纸|元宝|锡箔|金纸|银纸|衣纸)/,
      // Something unnamed burning, with smoke or a smell ("不知道烧啥 一股烟"); "烧啥菜" is cooking.
      /(?<!发|高|低|退)(烧|焚烧)(紧|着|了)?(啥|什么|甚么|咩|乜)(嘢|东西)?[^。]{0,10}(烟|焦|糊|呛|熏|火)/,
      /(纸钱|冥币|冥纸|元宝|锡箔|金纸|银纸|金银纸|衣纸|溪钱|香烛|纸扎)[^，。]{0,6}(烧|着|火|烟|灰|冒)/,
      /(?<!无)(焦|糊|烧塑料|烧胶|胶皮)(的)?(味|气味)/,
      // Not a detector chirping for its battery, with no smoke said ("烟感一直嘀嘀叫 没烟没火 估计是没电了"):
      // equipment out of order (安全·一般).
      /烟(雾|感)(报警器?)?.{0,4}(响|叫|报警)(?![^。]{0,12}(没烟|没有烟|没火|没电|电池|低电|缺电))/,
      /(全是|都是|一屋子|满屋|好大的?|很大的?)烟(?!头|蒂|盒|灰)/,
      // Smoke said thick the other way round ("烟好大", Hokkien "烟足大", "烟大得看不见"); cooking fumes
      // (油烟, 烧烤摊) and someone smoking (抽烟) just before it are not it.
      /(?<!(抽|吸|油|香|二手|烧烤|烤串|炒菜|做饭)[^，。]{0,3})烟雾?((好|很|太|超|贼|老|足|特别|非常|蛮|劲|忒|相当|这么|那么|咁|几)(大|浓)|(大|浓)(得|到|死|极))/,
      /(?<!(抽|吸|油|香|二手|烧烤|烤串|炒菜|做饭)[^，。]{0,3})烟[^。]{0,8}(看不见|看不清|看不到|睇唔到|睇唔见|睇唔清|看袂着|看袂见|伸手不见|睁不开眼|喘不上气|透不过气)/,
      /(电瓶|电池|充电).{0,4}(炸|爆)/,
      // Smoke called a haze or fog indoors, thick enough to blind or choke, or with an alarm going
      // ("地库里全是呛人的灰雾 两米外都看不清"); not the weather outside (雾霾) nor steam from a shower.
      /(地库|地下室|车库|楼道|楼梯间?|走廊|过道|屋里|家里|大堂|机房|配电房|电梯间|电井|储藏室)[^。]{0,8}(灰雾|白雾|黑雾|雾蒙蒙|(?<!烟)雾)(?!霾|报警|警报|感)[^。]{0,10}(看不清|看不见|看不到|睁不开|呛|报警|警报)/,
      // Smoke told by what it does, with neither 烟 nor 雾 ("走廊里白茫茫一片 呛得直咳嗽 对门都看不清了"):
      // a place indoors gone white or grey that chokes, or choking so thick one cannot see across.
      // Not dust from works, paint, disinfectant fogging, nor chillies frying.
      /(?<!(粉尘|灰尘|装修|打磨|切割|油漆|刷漆|消毒|杀虫|灭蚊|打药|喷药|辣椒|炒菜|油烟)[^。]{0,12})(地库|地下室|车库|楼道|楼梯间?|走廊|过道|屋里|家里|大堂|机房|配电房|电梯间|电梯里|电井|储藏室|厨房|客厅|卧室)(?![^。]{0,16}(粉尘|灰尘|装修|打磨|切割|油漆|刷漆|洗澡|水蒸气|蒸汽|雾霾|消毒|杀虫|灭蚊|打药|喷药|辣椒|炒菜|油烟))[^。]{0,6}(白茫茫|灰蒙蒙|白蒙蒙|灰茫茫)[^。]{0,10}(呛|咳|熏|睁不开|喘不上|透不过气)/,
      /(?<!(粉尘|灰尘|装修|打磨|切割|油漆|刷漆|消毒|杀虫|灭蚊|打药|喷药|辣椒|炒菜|油烟)[^。]{0,12})(呛|熏)得[^。]{0,4}(直咳|咳嗽|睁不开|喘不上|透不过气|流眼泪)[^。]{0,12}(看不清|看不见|看不到)/,
      /(阳台|窗户|窗口|屋里|家里|楼道|厨房).{0,4}(有烟|起烟|往外冒烟)/,
      // A heating or gas valve (暖气开关) is hot or hisses by nature.
      /(?<!暖气|热水|水|燃气|煤气)(插座|插头|开关|电线|线路|电缆|电箱|电表|排插|插线板|配电).{0,8}(滋滋|吱吱|噼啪|啪啪|噼里啪啦|烧黑|发烫|烫手|很烫|好烫|滚烫|打火|拉弧|闪光|闪了一下光|冒光|烧化|熔化)/,
      /(着|烧)了.{0,2}(快|赶紧)?(报|打)?119/,
    ],
  },
  {
    category: '安全',
    ticketClass: 'major',
    note: 'e-bikes and batteries charging indoors, in corridors, stairwells or lifts, and cables run from upper floors (飞线): fires that start at night where people sleep; the charging word as owners type it (冲电, 充点电, 叉电: see CHARGING)',
    keywords: [
      '飞线',
      // vehicle, where, charging; charging piles, sheds and top-ups are not it.
      new RegExp(
        `(${VEHICLES}).{0,10}(楼道|楼梯|梯口|过道|走廊|走道|家|屋|房间|客厅|卧室|阳台|电梯|楼里|楼内|室内|大堂|门厅|地下室|储藏室|门口|上楼|进楼|入户).{0,8}${CHARGING}`,
      ),
      new RegExp(
        `(楼道|楼梯|梯口|过道|走廊|走道|家里|屋里|电梯|楼里|室内|大堂|门厅|地下室).{0,8}(电动|电瓶|电驴|电单车|电摩|电鸡|电池).{0,8}${CHARGING}`,
      ),
      // No vehicle named: only the charging word itself or its exact homophones (冲电, 充店), not
      // 冲点 (冲点水 is rinsing) nor 重电 (东西太重 电梯…).
      new RegExp(
        `(楼道|楼梯|梯口|过道|走廊|走道|电梯|大堂|门厅|地下室).{0,6}${NOT_CHARGING}((充电|叉电)(?!桩|站|棚|车棚|柜|位|设施|值|卡|宝)|(冲电|充店|冲店)(?!桩|站|棚|柜|位|卡|宝|话|梯|视|脑|影|费|表|线))`,
      ),
      // A cable or a power strip let down from a window to charge below.
      /(拉|接|吊|甩|扯|放)[了下来出一根条个]{0,4}(电线|线|插线板|排插|插座|接线板).{0,10}(充电|叉电|冲电|充)/,
      /(电线|线|插线板|排插|接线板)从.{0,10}(充电|叉电|冲电|充)/,
      /(充电|叉电|冲电).{0,16}(电瓶|电池).{0,4}(上楼|回家|进屋)/,
      // A charger plugged in where the bike or battery is, the charging word left out ("推着电瓶车上电梯
      // 充电器插在电梯的插座上"); not one plugged into a charging pile or cabinet.
      new RegExp(
        `(${VEHICLES})[^。]{0,24}(充电器|充电头|充电线|插头)[^。]{0,8}(插|接)(在|到|上|着|进)(?![^。]{0,6}(充电桩|充电柜|充电站|充电棚|车棚))`,
      ),
      // The battery carried in to charge, the charging word cut short ("电池拎回屋里充", "电瓶提上楼冲").
      new RegExp(
        `${NOT_CHARGING}(电瓶|电池)[^。]{0,6}(拎|提|拿|带|搬|扛|抱)(回|进|上|到)[^。]{0,3}(屋|家|楼|房|卧室|客厅)[^。]{0,4}(充|冲|叉)(?!值|钱|卡|话费|会员|公)`,
      ),
    ],
  },
  {
    category: '安全',
    ticketClass: 'major',
    note: 'gas smell or leak in every spelling (瓦斯 in Taiwan, 石油气 in Hong Kong, the slips 然气, 燃汽, 媒气, 没气味: see TYPOS); "燃气费" alone is a fee question, hence no bare 燃气/煤气',
    keywords: [
      /(臭|烂)鸡?蛋(的)?(味|气味)/,
      // Gas by the smell of a burner that clicked without lighting ("那味儿有点像灶台打火没打着的时候");
      // not a burner that will not light, with no smell likened to it.
      /(味|闻|气味)[^。]{0,24}(像|似|跟|好似|好像)[^，。]{0,8}(灶台|灶头|灶|炉子|炉头|煤气灶|燃气灶|打火)[^，。]{0,6}(没打着|打不着|没着|不着|没点着|点不着|没点上)/,
      /(味|闻|气味)[^。]{0,24}(像|似|跟|好似|好像)[^，。]{0,8}(开了火没点着|拧开没点|忘了点火|没点火|忘关火)/,
      // Rotten eggs by likeness, after a smell word ("闻着像放了半个月的臭蛋"): not eggs gone bad in a
      // fridge, nor 坏蛋 (a villain).
      /(闻|味|嗅|熏|头晕|头有点晕|头痛|头疼)[^。]{0,12}(像|似|跟|好似|好像|仿佛|活像)[^，。]{0,10}((臭|烂|馊)了?的?(鸡|鸭)?蛋|坏了?的?(鸡|鸭)蛋)(?!糕|挞|饼|黄派|卷)/,
      // Gas by the canister people once cooked on ("有点像以前老房子用罐子烧饭那会儿的味道"): the
      // canister or bottle of gas named by a likeness and a smell, not a jar of pickles.
      /(像|似|跟)[^，。]{0,12}((罐子|罐罐|铁罐)[^，。]{0,3}(烧饭|做饭|煮饭|烧水|做菜|炒菜|烧火|生火)|气罐|钢瓶|气瓶|瓶装气|液化罐)[^，。]{0,8}(味|气味)/,
      /(?<!胎|气球|充)漏气/,
      /(燃气|煤气|天然气|液化气|石油气|瓦斯|沼气|燃起)(管道?|管子|表|阀门?|灶|罐|瓶|软管|接口)?.{0,4}(漏|泄|味|臭|嘶|呲|冲鼻|呛)/,
      /(燃气|煤气|天然气|液化气|石油气|瓦斯)(管道?|管子|表|阀门?|软管|接口|罐|瓶).{0,8}(打到|打穿|打破|挖断|挖破|撞|钻|断|破|裂|松|脱)/,
      /(闻到|一股|有股|好大的?|好重的?|好浓的?|很重的?|很浓的?|浓浓的?).{0,3}(煤气|燃气|天然气|液化气|石油气|瓦斯|燃起)/,
      // 没气 is 煤气 on a pinyin keyboard (méiqì): smelt, or a smell that is strong ("闻到没气味",
      // "一股没汽味", "没气味好重"). "没气了" is a ball, a tyre or an empty bottle, and "现在没气味了"
      // a smell that is gone, hence a smell word and something before or after it that says smelt.
      /(闻到|闻见|一股|有股|好大的?|好重的?|好浓的?|很重的?|很浓的?|浓浓的?)(一股|股)?子?没(气|汽)(的)?(味|气味)/,
      /没(气|汽)(的)?(味|气味)(儿|道)?(好|很|太|超|贼|老|特别|非常|蛮|忒|相当)(重|浓|大|冲|呛|刺鼻)/,
      /(燃气|煤气|天然气|可燃气体)报警.{0,6}(响|叫|报警|滴|嘀|鸣)/,
      // The gas pipe by its colour (gas pipes are painted yellow), hissing or smelling, and a hiss
      // with a smell however it is named ("地库那根黄色的管子旁边呲呲响 一股味").
      /(黄色的?|黄)(管子|管道|铁管|燃气管|的管)[^。]{0,12}(呲|嘶|滋|咝|漏气|冒气|味)/,
      /(?<!(油锅|锅里|炒菜|煎|炸|烤|烧烤|铁板|油烟)[^。]{0,8})(呲呲|嘶嘶|滋滋|咝咝)(地|的)?(响|声)[^。]{0,10}(一股味|有股味|一股怪味|有股怪味|味道不对|味儿不对|刺鼻|呛人|冲鼻)/,
      // A hiss and a stink together, the hiss typed by its sound in any of its spellings (Cantonese
      // "厨房有啲丝丝声同埋好臭"), either one first; not a pan that sizzles and smells of frying, nor
      // a pipe that hisses with no smell or a bin that stinks with no hiss.
      /(?<!(油锅|锅里|炒菜|煎|炸|烤|烧烤|铁板|油烟)[^。]{0,8})(呲呲|嘶嘶|滋滋|咝咝|丝丝|嗞嗞|咝咝|吱吱)(地|的|嘅)?(响|声|叫|漏)[^。]{0,10}(好臭|很臭|巨臭|超臭|勁臭|劲臭|臭臭|一股臭|臭味|怪味|异味|味道好怪|味好怪|好大味|头晕)(?![^。]{0,6}(油烟|炒|煎|炸|烤))/,
      /(好臭|很臭|巨臭|超臭|劲臭|一股臭味|臭味|怪味|异味|一股味|有股味)[^。]{0,10}(?<!(油锅|锅里|炒菜|煎|炸|烤|烧烤|油烟)[^。]{0,8})(呲呲|嘶嘶|咝咝|丝丝|嗞嗞)(地|的|嘅)?(响|声|叫|漏)/,
      // By likeness, wherever in the message ("垃圾没收 还有地下室味道不对 像液化气", "跟煤气罐漏了
      // 似的"): owners who are not sure still smell it. "好像燃气费涨了" names no smell.
      /(味|闻|呛|冲鼻|刺鼻|熏|头晕|头痛|臭)[^。]{0,16}(像|似|跟|疑似|怀疑|貌似|感觉是|估计是|可能是|以为是)[^，。]{0,4}(煤气|燃气|天然气|液化气|石油气|瓦斯|沼气)(?!费|公司|卡|开户|灶)/,
      /(像|似|跟|疑似|怀疑|貌似|感觉是|估计是|可能是|以为是).{0,4}(煤气|燃气|天然气|液化气|石油气|瓦斯|沼气).{0,6}(味|闻|呛|冲|刺鼻|熏|漏|泄)/,
    ],
  },
  {
    category: '安全',
    ticketClass: 'major',
    keywords: [
      '漏电',
      '触电',
      '电死',
      /被电(了|到|击)/,
      /(门|杆|栏杆|扶手|铁门|电线|线).{0,6}带电/,
      // A shock told as being struck (被打了一下) at something electric ("擦地库电箱的时候被打了一下 人坐地上
      // 半天没起来"); not a door, a ball or someone hitting.
      /(电箱|电表|配电|电柜|开关|插座|插头|电线|线头|电闸|闸刀|灯杆|路灯|灯座|灯头|按钮|变压器|充电桩|电机|水泵|喷泉)[^。]{0,12}(被|给|让)(?![^，。]{0,3}(门|盖|球|人|孩子|小孩|狗|猫|树枝|风))[^，。]{0,3}(打|弹|击)了?(一下|一家伙)/,
      // A shock told by the hand ("摸了一下铁栏杆麻了一下 有电", "扶手电手"); not a numb leg or a socket
      // asked about ("插座有电吗").
      /(栏杆|护栏|扶手|铁门|门把手?|把手|铁栅栏|晾衣架|路灯杆|灯杆|水管|电梯按钮|信箱|铁皮|外壳)[^，。]{0,8}(麻了一下|麻一下|发麻|麻手|电手|电人|电了一下|电了我|打手|有电(?!吗|不|没|么|吧))/,
      /(摸|碰|扶|握|按)(了一下|一下|到|着)?[^，。]{0,10}(麻了一下|电了一下|电到手|电手|手一麻|手都麻)/,
      // A shock told as a tingle or a bite from something touched ("投币洗衣机 我女儿摸了一下哭着说手被咬了
      // 我去摸也是麻麻的"); not an animal's bite or sting, nor a leg gone numb.
      /(摸|碰|按|扶|拉|拽|握)(?![^。]{0,12}(狗|猫|虫|蚊|蚂蚁|老鼠|蛇|蜂|鸡|鹅))[^。]{0,12}(麻麻的|麻酥酥|麻嗖嗖|麻丝丝|咬手|手被咬|被咬了一下)/,
    ],
  },
  {
    category: '安全',
    ticketClass: 'major',
    note: 'things falling from height, including a facade coming loose (外墙瓷砖掉落 is major, not a facade project)',
    keywords: [
      '高空坠物',
      '高空抛物',
      '高层抛物',
      '坠物',
      '抛物',
      '从天而降',
      /(?<!(叶子?|树叶|落叶|衣服|被子|床单|毛巾|袜子|灰|土|水)[^，。]{0,4})(楼上|高空|高层|窗外|楼顶|窗户)((?!衣服|被子|被单|床单|袜子|裤子|毛巾|叶)[^，。]){0,4}(扔|抛|丢|掉下|掉落|坠|跌落|跌下|跌咗|砸下|砸落|落咗落|飞下)/,
      // A hard thing fallen from above, in every wording (掉下来, 砸下来, 落下来, Cantonese 跌落, 跌咗落嚟):
      // from a balcony, a roof, a high floor or just "above", with the thing named. Laundry, peel and
      // leaves are not named, and stay for the cleaners (楼上晒的衣服掉下来了).
      new RegExp(
        `(${ABOVE})[^，。]{0,8}(${FALL})[^，。]{0,8}(${HARD_THINGS})|(${ABOVE})[^，。]{0,8}(${HARD_THINGS})[^，。]{0,6}(${FALL})|(${HARD_THINGS})[^，。]{0,6}(${FALL})[^，。]{0,6}(差点|差少少|险些|差一点|好彩|几乎|砸|打中|击中|落街|到楼下|到地上|碎了一地)`,
      ),
      // A hard thing thrown or dropped from above, whoever threw it ("哪层扔下来一个酒瓶", "上面丢下来
      // 半块砖", Cantonese 掟嘢落嚟). Peel, spit and water poured down are cleaning jobs (LABELS.md).
      /(扔|丢|抛|掟|砸)(了|咗)?(下来|落嚟|落来)[^。]{0,8}(瓶|砖|瓦|刀|花盆|碗|盘|石头|石块|玻璃|铁|棍|杆|椅|凳|锤|罐|嘢)|(瓶|砖|瓦|刀|花盆|碗|盘|石头|石块|玻璃|铁|棍|杆|椅|凳|锤|罐)[^。]{0,8}(扔|丢|抛|掟)(了|咗)?(下来|落嚟|落来)|往楼下(扔|丢|抛|掟|砸)[^。]{0,4}(瓶|砖|瓦|刀|花盆|碗|盘|石头|玻璃|铁|棍|杆|椅|凳|锤|罐)|掟嘢落嚟/,
      /(外墙|瓷砖|墙砖|玻璃|外机|支架|广告牌|广告字|窗户(?!的?(把手|拉手|插销|锁|扣))|窗框|防盗网|花盆|彩钢板|晾衣架|太阳能|水泥块).{0,6}(脱落|掉落|掉下|坠落|掉了|砸|要掉|松动|往下掉)/,
      // Plaster in a corridor that has come down is a repair; plaster that falls on something is not.
      /墙皮.{0,6}(脱落|坠落|砸)/,
      // Exterior pieces loose, hanging or about to fall (翘, 松, 晃, 悬): outside the building, or over
      // where people pass. A floor tile that lifts indoors (大堂地砖翘起来) names neither.
      /(外墙|窗外|楼外|楼体|外立面|檐口|屋檐|女儿墙|高处|阳台外)[^，。]{0,8}(瓷砖|磁砖|墙砖|面砖|砖|墙皮|保温层|保温板|装饰板|挂板|铝板|石材|纸皮石|马赛克|水泥块|抹灰|玻璃|雨棚|板)[^，。]{0,6}(翘|松|晃|悬|吊着|挂着|要掉|快掉|欲坠)/,
      // A fallen branch caught in a tree is a gardener's job (绿化·一般), hence the things named.
      /(外机|支架|架子|防盗网|窗|玻璃|板|砖|雨棚|广告牌|灯箱|晾衣架|空调)[^，。]{0,6}(松|脱|断|掉)[^，。]{0,6}(挂在|吊在|悬在)(外面|外头|半空|窗外|墙外)/,
      /(瓷砖|磁砖|墙砖|面砖|砖|墙皮|保温层|保温板|装饰板|挂板|石材|纸皮石|水泥块|外机|防盗网|雨棚|广告牌|玻璃)[^。]{0,12}(翘|松|晃|悬|吊着|挂着|要掉|快掉|欲坠|裂开|往下掉|掉下来)[^。]{0,16}(下面|底下|楼下|下边|下头|下方)(就)?(是|有|全是|经常|天天|每天|常有)?[^，。]{0,6}(人|路|道|孩子|小孩|老人|单元门|门口|入口|出口|车|幼儿园|学校|操场|乐园|走|玩|过|骑楼)/,
      /砸(到|伤|中|坏|烂|破|扁|凹)?了?.{0,4}(人|车|头)/,
    ],
  },
  {
    category: '安全',
    ticketClass: 'major',
    keywords: [
      '坍塌',
      '倒塌',
      '塌陷',
      '塌方',
      '地陷',
      '下陷',
      /(地面|路面|地|墙|顶|楼板).{0,2}塌(了|下)/,
      '大树倒',
      '树倒了',
      '树倒下',
      /(围墙|墙|大门|树|电线杆|路灯杆).{0,4}(倒了|倒下|刮倒|塌了)/,
      /(围墙|院墙|挡土墙|护坡|墙体)[^，。]{0,6}(往外歪|往里歪|歪了|倾斜|要倒|快倒|要塌|快塌|鼓出来)/,
      // A wall, fence, canopy or ceiling leaning, bulging or about to come down, however it is said
      // ("围墙朝人行道那边斜过去了", "挡土墙鼓了个大包", "雨棚歪得厉害", "天花板随时会塌"); not a picture
      // hanging crooked, graffiti, a fine crack, nor 斜对面 (across the way).
      new RegExp(`(${STRUCTURES})[^，。]{0,10}(${LEANING})`),
      // Bulging: a boundary or retaining wall; an exterior wall's hollow tiles or insulation that
      // bulge are facade works (维修·复杂).
      /(围墙|院墙|挡土墙|护坡|墙体)[^，。]{0,10}(鼓出来|鼓起来|鼓了?[一个]?大?包|鼓肚子)/,
      new RegExp(
        `(${STRUCTURES})[^，。]{0,10}(裂了?|裂开了?|开裂了?)[^，。]{0,4}(好大|很大|老大|一条大|大|一道大|好宽|很宽|很长|好长|越来越大|越裂越大)的?(缝|口子|裂缝|口)`,
      ),
      new RegExp(
        `(${STRUCTURES})[^。]{0,20}(随时|感觉|怕是|怕|好像|估计|眼看|马上|就要|会不会)(都|就)?(会|要|可能会?)?(塌|倒|垮|倾|砸下来|掉下来)`,
      ),
      // Manhole covers gone: stolen, taken, lifted off, an open hole (Cantonese 冇咗); not a cover's
      // key lost or a question about who pays for one (井盖钥匙丢了, 换井盖的钱谁出).
      /井盖(没了|丢了|不见)/,
      /(井盖|井盖子|井盖板|井口盖|沙井盖|窨井盖|下水井盖|雨水井盖|污水井盖)(?!钥匙|的钥匙|费|钱)[^，。]{0,6}(压碎|压烂|压塌|压穿|压断|碎掉|被偷|被人偷|偷走|偷了|被盗|盗走|被拿走|被人拿走|被撬走|撬走|被搬走|搬走|拿走了|没了|没有了|冇咗|冇晒|唔见|丢了|丢失|不见|不在了|被掀|掀开|掀起来|翻开了|翻过去|掉下去|掉进去|掉井里|碎了|塌了|移开|被挪开|挪开)(?!了?一(块|角|小块|点|半))/,
      // The cover named after its well (Cantonese "沙井個蓋唔見咗", "窨井的盖子被偷了").
      /(沙井|窨井|下水井|污水井|雨水井|井)(个|嘅|的|那个|上的|上面的)盖子?[^，。]{0,4}(被偷|被人偷|偷走|偷了|被盗|盗走|被拿走|拿走了|被撬走|撬走|没了|没有了|冇咗|冇晒|唔见|丢了|丢失|不见|不在了|被掀|掀开|移开|挪开)/,
      // The well named first and its cover told after a pause ("楼后面那个井，盖子从昨天下午就没了").
      /井[^。]{0,3}盖子(?![^。]{0,2}钥匙)[^。]{0,10}(没了|没有了|不见了|丢了|被偷|被人偷|被拿走|拿走了|被撬|冇咗|唔见|不在了)/,
      /(井|井口|下水井|窨井|沙井|污水井|雨水井|化粪池)[^，。]{0,4}(敞着|敞开|开着口|开口了|没盖|没有盖|冇盖|露着|没盖子|盖子没了)/,
      // The well told uncovered before it is named ("草坪边上一个没盖子的井"), and someone or a pet fallen
      // into a well or a hole; not keys or a phone dropped down a drain.
      /(没盖子?的|没有盖子?的|敞着口?的|敞口的|开着口的|冇盖嘅|露天的)[^，。]{0,2}(井|下水井|窨井|污水井|雨水井|沙井|化粪池)/,
      // Someone fallen into a pit or a hole and not out of it ("有个阿婆跌落绿化带边上那个冇盖嘅坑度，爬唔
      // 起身"), or a pit told uncovered; not a wheel in a pothole nor a foot turned in one.
      /(人|孩子|小孩|细路|娃|老人|阿婆|阿伯|伯伯|婆婆|大爷|大妈|阿姨|老太|老头|宝宝|小朋友|我妈|我爸|老母|狗|猫)[^，。]{0,6}(掉|跌|摔|滑|栽)(进|落|下|入)(了|咗)?[^，。]{0,12}(坑|坑里|坑度|坑洞|深坑|沟里|沟度)/,
      /(没盖子?的|没有盖子?的|敞着口?的|冇盖嘅|冇盖的|无盖的)[^，。]{0,2}(坑|深坑|坑洞|洞|大洞|沟)/,
      // The place first and who fell in after ("检修井里好像掉进去一个人 能听见喊"), and the short "人掉井里";
      // not a phone, keys or a ball down a well.
      /(井|窨井|下水井|检修井|污水井|雨水井|沙井|化粪池|坑|沟|水池|池塘)(里|里面|里头|内|度)?[^，。]{0,6}(掉|跌|摔|滑|栽)(进去|下去|进|下|落|咗)(了|咗)?(一个|个|一只|只|条)?(人|小孩|孩子|细路|老人|娃|宝宝|小朋友|狗|猫)/,
      /(人|小孩|孩子|细路|老人|娃|宝宝|小朋友|狗|猫)(掉|跌|摔|栽)(了)?(井|窨井|下水井|检修井|化粪池|坑|沟)里/,
      /(人|孩子|小孩|娃|老人|狗|猫|宝宝|小朋友|阿姨|大爷|大妈|我)[^，。]{0,6}(掉|跌|摔|踩|滑)(进|到|落|下)(了)?[^，。]{0,8}(井|窨井|下水井|化粪池|窟窿|黑洞)/,
      /(井盖|井口|下水井|窨井)[^。]{0,16}(窟窿|大洞|黑洞|一个洞|深洞|空着)/,
      // A well's cover, by any name, trodden, crushed or rusted through ("检修井的铁板被踩穿了"); not one
      // that is loose, rattles, cracked or has lost a bar or a corner.
      /(井|沟|暗渠|化粪池|检修口)[^，。]{0,6}(井盖|盖子|铁板|钢板|盖板|铁盖子?|水泥板|石板|板子|格栅|篦子)[^，。]{0,3}(被)?(人)?(踩穿|踩塌|踩断|踩烂|踩碎|踩翻|压穿|压塌|压断|压碎|压烂|锈穿|烂穿|塌了|塌下去|陷下去|碎了|穿了|烂了个洞)(?!了?一(根|条|块|角|小块|点|半))/,
      // A cover in the ground gone, called by what it is made of or its shape (原来的铁盖子没了, 盖板不见了),
      // and a hole come up in the ground (地上多了个黑窟窿); not a bin's or a box's lid, nor a pothole
      // or an animal's burrow.
      /(?<!(桶|箱|锅|壶|瓶|杯|罐|盒|柜|表|车|座)[^，。]{0,3})(铁盖子?|铁盖板|盖板|水泥盖板?|圆盖子?|圆铁盖|篦子|雨水篦|铁格栅)(?![^。]{0,2}钥匙)[^，。]{0,6}(没了|没有了|不见了|丢了|被偷|被人偷|偷走|被拿走|拿走了|被撬|撬走|冇咗|唔见|不在了|被掀|被人掀|掀开了)/,
      /(地上|路上|路面|地面|路边|人行道|草坪|草地|球场|广场|门口|车道|绿化带|过道)(?![^。]{0,16}(老鼠|鼠洞|蛇|蚂蚁|狗刨))[^。]{0,6}(多了|有|出现|冒出|露出|露着|开了)了?(个|一个)?(大|黑|深)?(乎乎的?)?(窟窿|黑洞|大洞|深洞|洞口)/,
      /(窟窿|大洞|黑洞|深坑|井口)[^。]{0,12}(差点|险些|差一点|差少少)[^，。]{0,4}(踩进|掉进|掉下|跌进|跌落|摔进|踩空|踏空)/,
    ],
  },
  {
    category: '安全',
    ticketClass: 'major',
    note: 'a blocked fire lane or locked exit, a child or a railing where a fall kills; a mere mention of 消防 is general',
    keywords: [
      /(消防|生命|应急|救援)(通道|车道|门).{0,8}(堵|占|停|塞|堆|挡|锁|摆满)/,
      /(堵|占|停|堆|挡|锁).{0,8}(消防|生命)(通道|车道)/,
      /安全出口.{0,4}(锁(?!坏|不|芯|头|舌|扣|子坏)|堵)/,
      // An exit or fire door chained, padlocked, locked or welded shut, however far the lock comes
      // after it ("安全出口的门被人用铁链锁上了", 走火通道 in Hong Kong); not an exit sign out or a lock
      // that is broken (安全出口指示灯不亮, 安全出口的门锁坏了).
      /(安全出口|紧急出口|疏散出口|逃生出口|消防出口|(?<!车库|地库|小区|停车场|商场|超市)出口的门|逃生门|疏散门|消防门|防火门|逃生通道|疏散通道|消防通道|走火通道|走火楼梯|走火梯|逃生楼梯|疏散楼梯|消防楼梯|安全楼梯|楼梯间的?门|楼梯口的?门|后楼梯道?的?门|楼梯道的?门)(?![^，。]{0,4}(指示|标志|标识|灯))[^。]{0,14}(铁链|链子|链条|锁链|挂锁|大锁|u型锁|上锁|锁上|锁了|锁住|锁死|锁咗|锁起来|反锁|焊死|焊住|焊上|焊起来|封死|封住|封起来|钉死|堵死)/,
      /(铁链|链子|链条|锁链|挂锁|焊死|焊住|封死|钉死)[^，。]{0,8}(安全出口|紧急出口|疏散出口|逃生出口|逃生门|疏散门|消防门|防火门|逃生通道|疏散通道|消防通道|走火通道|走火楼梯)/,
      /(?<!(万一|要是|如果|假如|一旦)[^。]{0,8})消防车[^。]{0,6}(进不(来|去)|开不进|过不去|开不过去|开不了进)/,
      // The fire lane told by what uses it ("唯一能走消防车的路被人堆满了建材"); not its markings.
      /消防车的?(路|道|通道)(?![^，。]{0,4}(线|标|牌|划))[^。]{0,8}(堆|堵|占|停满|挡|塞|封)/,
      // A child or an old person where a fall kills.
      /(小孩|孩子|老人|儿童).{0,6}(天台边|楼顶边|窗台上|窗外|阳台外|爬出|爬到.{0,4}(边上|外面|栏杆))/,
      /防火门.{0,4}(锁|链)/,
      // A railing or guardrail gone where a fall kills. Gone at height: a section broken off, missing, fallen or torn out ("五楼走廊护栏断了一截",
      // "天台栏杆没了一段", "阳台的玻璃栏板碎了"); a single bar rusted through or a loose stair handrail with
      // nobody at it is a repair (LABELS.md), and a railing repainted is nothing.
      new RegExp(`(${HIGH_PLACES})[^，。]{0,8}(${RAILINGS})[^，。]{0,4}(${RAILING_GONE})`),
      new RegExp(`(${RAILINGS})[^，。]{0,4}(${RAILING_GONE})[^，。]{0,8}(${HIGH_PLACES}|楼下|下面|底下)`),
      // Broken or loose with someone at it now or nearly over ("护栏断了 小孩还扒着往下看", "栏杆松了
      // 老人差点翻下去"); leaning on one to dry laundry or "老人扶着晃悠" is not a fall.
      // Someone at a broken one, said the other way round ("小孩靠在那个断开的护栏上"), or half out
      // over an edge ("半个身子在外面").
      new RegExp(
        `(小孩|孩子|细路|娃|老人|儿童|人)[^，。]{0,4}(扒着|扒在|趴着|趴在|靠着|靠在|倚着|倚在|爬上|爬到|坐在|站在|挨着)[^，。]{0,10}(断开|断了|断掉|断咗|坏了|松了|松动|冇咗|没了)的?(${RAILINGS})`,
      ),
      // Someone sitting or leaning on a railing up high that has come loose, called as a family does
      // ("我家小子坐在天台那段松脱的栏杆上玩"); not a railing repainted or a loose one with nobody on it.
      new RegExp(
        `(小子|仔|囡|宝宝|小朋友|儿子|女儿|闺女|孙子|孙女|外孙|学生|老爷子|老太太|老太|大爷)[^，。]{0,4}(扒着|扒在|趴着|趴在|靠着|靠在|倚着|倚在|爬上|爬到|坐在|站在|骑在|挨着)[^，。]{0,10}(断开|断了|断掉|断咗|坏了|松了|松动|松脱|松掉|晃|摇摇晃晃|不稳|冇咗|没了)的?(${RAILINGS})`,
      ),
      new RegExp(
        `(${HIGH_PLACES})[^，。]{0,6}(松脱|松掉|松动|松了|摇摇晃晃)的?(${RAILINGS})[^，。]{0,3}(上|边)?[^，。]{0,2}(坐着|趴着|站着|骑着|靠着|玩)`,
      ),
      /(半个身子|半边身子|半个身|上半身|身子)(都)?(在|探|伸|挂|悬)(在)?(窗外|外面|外边|外头|出去|出来)/,
      // Nearly over from a broken one ("老太太差点从断了的栏杆那翻下去").
      new RegExp(
        `(差点|险些|差一点|差少少|几乎)[^，。]{0,4}从[^，。]{0,10}(${RAILINGS})[^，。]{0,4}(翻|掉|摔|跌|栽|滚)`,
      ),
      new RegExp(
        `(${RAILINGS}|扶手)[^，。]{0,6}(${RAILING_GONE}|松了|松动|晃|歪了|坏了|锈穿|锈断|脱了|脱开|松脱|脱出来|拔出来|掉下来)[^。]{0,20}(扒着|扒在|趴着|趴在|靠着|靠在|倚着|爬上|爬到|攀着|往下看|往下望|探出|差点|险些|差一点|差少少|翻下去|翻出去|掉下去|摔下去|跌落|跌下去)`,
      ),
    ],
  },
  {
    category: '维修',
    ticketClass: 'major',
    note: 'a lift that traps people or stops, in the words owners use; "电梯" alone (电梯里有广告) is not major, nor is 加装电梯',
    keywords: [
      '电梯困人',
      '被困电梯',
      /(困|关|卡|锁)(在|到)?.{0,2}电梯(里|内|中)?/,
      // A goods lift, a car of the lift ("外卖小哥被关货梯里半个钟头了").
      /(困|关|卡|锁)(在|到|进)?.{0,2}(货梯|客梯|轿厢|梯厢|消防梯)(里|内|中)/,
      /(?<!加装|装)电梯.{0,10}(困|关人|关住|关了|卡住|卡在|卡人|停运|不走了|一直不走|不动了|下坠|往下掉|往下溜|往下滑|溜了一|突然下降|溜梯|蹲底|冲顶|急停|夹人|夹住|夹到|出不来|出不去|打不开|开不了|开不开|不能用|停在)/,
      // Only adverbs between 电梯 and the fault: "电梯里的灯坏了" is a bulb, not a lift.
      /(?<!加装|装)电梯(又|双叒叕|一直|总是|经常|老是|反复|突然|好像|彻底|已经|都|全|还|全部|显示|又出|就){0,3}(坏|故障|不运行|停了|不动|不走|罢工|趴窝|歇菜|出问题|异常)/,
      // The lift by other names (梯子 in the north, 货梯, 客梯, 轿厢) stopped, and someone calling out
      // from inside it ("推车进去梯子就不走了 她搁里头叫唤半天了"); a ladder neither stops nor goes.
      /(梯子|货梯|客梯|轿厢)[^，。]{0,3}(就|又|突然|一下)?(不走了|不动了|卡住了|停住了|卡在半|停在半)/,
      /(梯子|货梯|客梯|轿厢|电梯)[^。]{0,20}(搁|在|困在)(里头|里面|里边)[^。]{0,4}(叫唤|叫|喊|哭|敲|拍|出不来)/,
      /电梯(里|内).{0,3}(困|关|卡|锁)(着|了|住)/,
      // A lift stopped and someone inside whose door will not open, told in two clauses
      // ("部電梯突然停咗唔郁 我同個仔喺入面 門又開唔到").
      /电梯[^。]{0,16}(在里面|在里头|在里边|喺入面|喺里面)[^，。]{0,6}(开唔到|打不开|开不了|开不开|出不来|出唔嚟)/,
      /电梯.{0,4}开着门.{0,4}(走|跑|上|下|运行)/,
      /(里面|里头)的?人.{0,4}(拍门|敲门|砸门|喊|出不来)/,
      /电梯.{0,12}(两层|层中间|半中间|半路)/,
      // Stopped mid-ride or with a jolt, someone riding ("电梯坐到一半咣当一下停了", "上到半截卡住了",
      // "咯噔一下不动了"); not one that stops and goes on ("停了一下 又走了"), settles at a floor (停稳),
      // nor an ad screen or a repair stopped halfway (广告放到一半卡了, 修到一半停工了).
      /(?<!加装|装)电梯[^，。]{0,4}(坐|乘|走|上|下|跑|运行|升|降)(到|了)?(一半|半截|半道|半中间|中途)[^，。]{0,6}(停(?!稳|靠|工|车)|卡住|卡了|不动|不走|顿住)(?![^，。]{0,6}(又走|又动|又好|继续|就好|恢复|正常))/,
      /(?<!加装|装)电梯[^，。]{0,4}(咣当|哐当|咯噔|嘎嘣|咚的|砰的|猛地|猛的)(一下|一声)?[^，。]{0,3}(停(?!稳|靠|工|车)|卡住|卡了|不动|不走|顿住)(?![^，。]{0,6}(又走|又动|又好|继续|就好|恢复|正常))/,
      // Stuck at a floor for a long while ("在一层莫名其妙停上好长时间", "卡在五楼老半天"); not a
      // stop for upkeep (维保停了半天), nor a wait for one that is slow to come (等了好久).
      /(?<!加装|装)电梯(?![^。]{0,16}(维保|保养|检修|年检|维修|等))[^。]{0,16}(停|卡|顿)(上|住|在[^，。,]{0,4})?(了)?(好长时间|好久|半天|老半天|很久|好一会|十几分钟|几分钟|半小时|半个钟)/,
      /(两部|几部|全部)电梯.{0,4}(坏|停)/,
      // Someone pressing the lift's alarm and nobody answering is someone inside.
      /电梯.{0,8}(按|摁).{0,8}(紧急|报警|呼救|救命|警铃).{0,8}(无|没|不).{0,3}(反应|人|应)/,
      /电梯.{0,8}(紧急|报警|呼救|救命|警铃).{0,6}(按|摁).{0,6}(无|没|不).{0,3}(反应|人|应)/,
    ],
  },
  {
    category: '安全',
    ticketClass: 'major',
    note: 'someone trapped outside a lift (after the lift rule, so that a lift stays 维修): locked in, stuck, fallen in',
    keywords: [
      /被困(?!扰|惑)/,
      '受困',
      /困(住|在|着|咗)/,
      /(?<!被)(人|小孩|孩子|娃儿?|宝宝|婴儿|老人|老太|老头|老爷子|大爷|大妈|奶奶|爷爷|我|我们|俺|儿子|女儿|闺女|自己|头|手|脚|腿|胳膊|脑袋)(被)?(关|锁|反锁|卡)(在|住|进)/,
      // Staff and visitors locked in ("保洁阿姨被反锁在垃圾房里了"), and someone knocking from inside.
      /(阿姨|师傅|小哥|保洁|保安|工人|外卖员|快递员|邻居|住户|业主|老公|老婆|妈|爸|姥姥|姥爷|外婆|外公)[^，。]{0,2}(被)?(关|锁|反锁|困)(在|住|进)/,
      /(在里面|在里头|在里边)[^。]{0,3}(敲门|拍门|砸门|呼救|喊救命)/,
      // Someone inside a room, a cubicle or a car whose door will not open from within ("隔间的锁坏了，
      // 一个老爷子在里面打不开门"); not keys or a phone left inside, nor someone outside who cannot open.
      /(人|老人|老头|老太|老爷子|老太太|大爷|大妈|阿姨|奶奶|爷爷|外婆|外公|姥姥|姥爷|婆婆|小孩|孩子|娃|宝宝|小朋友|我妈|我爸|老母|老豆|我|佢|他|她)[^，。]{0,8}(在|喺)[^，。]{0,6}(里面|里头|里边|入面|里)(?<!(钥匙|手机|东西)[^，。]{0,8})[^，。]{0,3}(门)?(打不开|开不了|开不开|开唔到|开唔开|拉不开|推不开|出不来|出不去|出唔嚟|出唔到)(门)?/,
      /(里面|里头|屋里|家里|房间|卫生间|厕所|阳台|楼顶|天台|上面|上头|地下室|储藏室|车里|井里).{0,6}(出不来|出不去|下不来|爬不出来)/,
      /(人|小孩|孩子|娃|老人)(掉|摔|跌|落)(进|到|下)/,
    ],
  },
  {
    category: '环境卫生',
    ticketClass: 'major',
    note: 'sewage overflowing or coming up into homes; a blocked drain alone is general repair',
    keywords: [
      '污水横流',
      '返水',
      '反水',
      '倒灌',
      '粪水',
      '秽物',
      // Clear water coming up ("地漏冒清水", "冒的是自来水") is a supply pipe, for the leak rules.
      /(化粪池|污水|粪水|粪便|下水道|污水井|窨井|下水|地漏|马桶|便池|蹲盆|厕所|洗碗池|水池).{0,6}(外溢|溢|冒|满出|漫|反涌|往上|涌|喷|呲)(?![^，。]{0,3}(清水|自来水|干净的?水|净水))/,
      /(污水|粪水|脏水|黑水|屎尿).{0,6}(流到|漫到|进|淹|满屋|全屋|家里|屋里)/,
      // Coming back up, said with 返 or 反 and where it comes ("下水道返上来的 整个一楼大堂都是"); not a
      // smell coming back (下水道反味, 返上来一股臭味).
      /(化粪池|污水|粪水|下水道|污水井|窨井|下水|地漏|马桶|便池|蹲坑|厕所|洗碗池|水池)[^，。]{0,6}(返|反)(上来|出来|起来)(?![^，。]{0,3}(味|臭|气))/,
    ],
  },

  {
    category: '维修',
    ticketClass: 'major',
    note: 'leaks and water getting into homes through ceilings, walls and floors, in all the ways owners say it; "没有漏水" is rare enough to accept the false alarm',
    keywords: [
      '漏水',
      // Rain seeping through an exterior wall with nothing flowing now is facade works (LABELS.md:
      // 维修·复杂, SPEC lists 外墙 as complex); water that reaches the room fires the patterns below.
      /(?<!外墙[^，。]{0,4})渗水/,
      '跑水',
      '爆管',
      '冒水',
      '水漫',
      '淹了',
      '进水了',
      '漏雨',
      /(水管|管子|管道|水暖管|地暖管|暖气管|暖气片|散热器|热水器|热水管|回水管|供暖管|暖气阀门?|暖气接口|水箱|上水管|下水管).{0,3}(爆|炸|破|裂|脱|崩|打穿|打破|打漏|钻穿|钻破|钻漏|凿穿|凿破|砸破|断了)/,
      // Heating water and steam out of a burst pipe scald (LABELS.md: 维修·重大); a shower head is no pipe.
      /(暖气|暖气片|散热器|热水(?!器))[^，。]{0,4}(喷|呲|滋|射)/,
      /(冒|喷|呲|往外|全是|都是|满是|一股股|腾腾|弥漫|到处是)[^，。]{0,2}(白汽|蒸汽)|(白汽|蒸汽)[^，。]{0,4}(冒|喷|呲|腾|弥漫|看不见|看不清|烫)/,
      /(热水|暖气水|蒸汽|汽)[^，。]{0,6}(烫伤|烫到|烫人|烫脚|烫手)/,
      /(打穿|打破|打漏|钻穿|钻破|钻漏|凿穿|凿破|砸破|弄破)了?.{0,2}(水管|管子|管道|暖气管|地暖管)/,
      /(管|管子|水管|阀门|水表|接头).{0,4}(喷水|滋水|往外喷)/,
      // A floor-heating manifold or a fitting spraying ("地暖分水器那里呲水").
      /(分水器|集水器|集分水器|地暖|阀门|阀|接头|接口|三通|弯头|管件|水表)[^，。]{0,6}(呲水|滋水|飙水|窜水|喷水|往外呲|往外滋|往外窜)/,
      // A hydrant or a main knocked off and gushing ("消防栓被车撞断了 水柱喷老高").
      /(消防栓|消火栓|地上栓|总水管|主水管|自来水管|水管|水表|阀门)[^，。]{0,6}(撞断|撞坏|撞裂|撞爆|撞飞|压断|压爆|断了|爆了|裂了)[^。]{0,10}(喷|冒|涌|哗哗|水柱|窜|呲|滋)/,
      /水.{0,4}((没过|漫过|漫到|淹到|淹过|深及).{0,2}|(到|齐)了?)(脚|膝|小腿|腿|腰|踝|鞋|轮胎|车轮)/,
      // A home flooded: rooms full of water, things afloat, water up to the bed ("满屋子都是水",
      // "拖鞋都漂起来了", "成屋都係水"). A mopped corridor (楼道一地的水) is no home.
      /(满|一|全|整个?)(屋|家|房间|客厅|卧室|厨房|卫生间)子?里?(厢|头)?(都|全)?(是|的|系)?水(?!费|表|电|压|管|果|杯|龙头|汽|垢|渍|印)/,
      /(家|屋|房间|客厅|卧室|厨房|卫生间|屋企)[^，。]{0,8}(全是|都是|都系|全系|成了|一地的?|积了.{0,3})水(?!费|表|电|压|管|果|杯|龙头|汽|垢|渍|印)/,
      /(拖鞋|鞋子?|纸箱|箱子|盆|桶|家具|玩具|地垫|垃圾桶)[^，。]{0,4}(漂|浮)晒?(起来|起身|着|在水)|(拖鞋|鞋子?)[^，。]{0,4}飘(起来|着)/,
      /(漫|淹)(到|进|过|上)了?[^，。]{0,3}(屋|家|房|客厅|卧室|厨房|卫生间|床|门里|柜|沙发)/,
      /(家|屋|房子|客厅|卧室|一楼|地下室|车库)里?(被|让)?水?淹/,
      '水帘洞',
      // Pots and buckets set out to catch what comes through the ceiling.
      /(盆|桶|碗|锅)[^，。]{0,2}接(水|着)|接了.{0,3}(盆|桶)/,
      // A seeping pipe (a leaking garden hose is not one, so not 漏 here).
      /(水管|管子|管道|排水管|暖气管|地暖管).{0,4}(渗|洇)/,
      // Through the ceiling or a wall; not 漏风, a draught.
      /(天花板|天花|屋顶|房顶|顶棚|吊顶|顶上|灯座|楼板|(?<!外)墙|踢脚线).{0,6}(渗|洇|滴|嗒|淌水|流水|往下流|往下淌|往外冒|漏(?!风|电)|湿透|水印|水渍)/,
      // Water (not waste water, which is the sewage rule's) that reaches a home.
      /(?<![污粪脏黑臭凝])(水|管子|水管|暖气|卫生间|厕所|楼上|隔壁).{0,8}(渗|洇|漏|流|淌|灌|滴)(下来|过来|进来)?(到|进)(了)?(我|俺|阿拉|家|屋|房间|客厅|卧室|厨房|卫生间|床|楼下)/,
      /(渗|洇)(过来|下来|进来|到)|(楼上|隔壁).{0,4}水.{0,4}(漏|渗|洇)下来|水漏下来/,
      // Water running down along a light or another fitting, in Mandarin or Cantonese ("楼上洗衣机嘅水沿住
      // 灯位流落嚟，盏灯都闪咗"): water into the home where the wiring is. Not an AC's condensate.
      /(?<!空调|冷凝)水[^。]{0,10}(沿着?|沿住|顺着|顺住|从)[^，。]{0,4}(灯|电线|插座|开关|吊顶|天花)[^，。]{0,4}(流|滴|渗|淌|漏|往下)/,
      /(楼上|天花|顶上)(?![^。]{0,8}(空调|冷凝))[^。]{0,12}水[^。]{0,8}(流落嚟|流落来|滴落嚟|漏落嚟|流咗落)/,
      // Owners say their kitchen is raining; not 下雨天, the weather.
      /(家|屋|房|厨房|厕所|卫生间|客厅|卧室|顶上|天花板)里?(厢)?(在|像|跟|像是|成了|都在)?下(小|大)?雨(?!天)/,
      /(下雨|雨天)(就|又|还)?漏(?!风)/,
      // What water does to a home: floors bulge, walls go mouldy after a leak.
      /(地板|踢脚线|橱柜|衣柜|柜子|家具|床垫).{0,4}(泡|鼓|翘|胀)/,
      /(?<!外墙[^，。]{0,4})(渗|洇|漏水|滴水|水印|水渍|湿透).{0,12}(发霉|长霉|霉斑|鼓包|起鼓|鼓起|泡软|泡烂)/,
      /(发霉|长霉|霉斑|鼓包|起鼓).{0,12}(渗|洇|漏水|滴水)/,
      /(家里|屋里|房间|客厅|卧室|厨房|楼道|车库|地下室).{0,4}(进水|全是水|都是水|淹)/,
    ],
  },
  {
    category: '维修',
    ticketClass: 'major',
    keywords: [
      // Not a notice or a cut to come (明天停水的通知贴哪了): see cutNow.
      cutNow('停水'),
      cutNow('断水'),
      // Not 没水压: a hydrant without pressure is fire equipment out of order (安全·一般).
      /没有?水(?!压)/,
      '水停了',
      '不来水',
      '没来水',
      '没自来水',
      '莫得水',
      '没得水',
      '冇水',
      /(一滴|一点)水(都|也)?(没|冇|莫得)/,
      /(楼|栋|幢|单元|高层).{0,4}(都)?不出水/,
      // Upper floors or a home dry for long: "十楼以上水龙头一滴不出", pressure too low to run at all,
      // water that never came. Low pressure that still runs (水压有点低) is general.
      /(一滴|一点|半滴|一丁点)(水)?(都|也)?(不|没|冇)(出|流|下来|来)/,
      // Taps that only gurgle, hiss or blow air: the pipes ran dry ("水龙头打开就咕噜咕噜响").
      /(水龙头|龙头|水管|水嘴)[^。]{0,8}(只|光|就|净|尽)(出|冒|喷|吐|往外)[^。]{0,2}(气|风|空气)/,
      /(咕噜|咕嘟|呼呼|嘶嘶|噗噗)[^。]{0,8}(不出水|没水|出不来水|水出不来|没出水|不来水)/,
      // Rain, waste and drain water that will not run off is a blocked drain, not a dry tap.
      /(楼|层|高区|高层|楼上)[^，。]{0,8}(?<![雨污废积脏下排])水(都|也|就|根本)?(上不去|上不来|出不来|不出来|出不了|用不了|供不上)/,
      /水压[^，。]{0,6}(低|小|不够|不足|太差)[^，。]{0,8}(出不来|出不了|没水|不出水|一滴|上不去|用不了|冲不了|洗不了|没法用)/,
      /(?<![热雨污废积脏下排])(自来水|水)(一直|还|都|到现在|始终|迟迟)(没|冇|未|不)(来|有|通)/,
      /没有?自来水/,
      // What owners say when the taps are dry without saying so.
      /(下楼|楼下|提着?桶|拿桶).{0,4}接水/,
      /(储水|纯净水|矿泉水).{0,6}(洗|冲|做饭|刷)/,
      /(厕所|马桶).{0,3}(没法|不能|冲不了)冲/,
    ],
  },
  {
    category: '维修',
    ticketClass: 'major',
    note: '"电动车没电" or "手机没电" must not fire, so 没电 needs a building before it',
    keywords: [
      // Not "装修周末也不停 电锤…", not parking an e-bike (停电动车的地方, 停电瓶车) or stopping a lift
      // (停电梯保养), not a notice or a cut to come (see cutNow).
      cutNow('停电', '(?<!不)', '(?!动车|动自行车|动摩托|动三轮|瓶|驴|单车|摩|鸡|梯)'),
      cutNow('断电'),
      // Hokkien writes 无 (bô) for 没 and 厝 for a home ("規棟攏無電": the whole building has none).
      // Not 没电梯 (an old building with no lift), 没电瓶车 nor 没电视信号; not 都没电 of an e-bike, a
      // phone or a lock's battery ("电动车放了一个月 都没电了"), unless a building is named after it.
      /(?<!(电动车|电瓶车|电车|电单车|电驴|电摩|电鸡|摩托|滑板车|平衡车|自行车|汽车|车子|电瓶|电池|手机|电脑|平板|充电宝|耳机|手表|遥控|门禁卡|门锁|密码锁|烟感)[^，。楼栋幢单元家屋层户]{0,6})(楼|栋|幢|单元|小区|家|屋|厝|全部|都|整层|全层)[^电]{0,3}(没(有|得)?|莫得|冇|无)电(?!梯|瓶|动|车|费|表|话|脑|视)/,
      /^没电了/,
      /点(个|根|上)?蜡/,
      /(整|全|成)(栋|幢|层|楼|单元|小区).{0,4}(黑|跳闸|跳电|跳掣)/,
      // Several floors or homes out at once ("好几层都跳闸了", "半栋楼都没电", "三楼到六楼都没电",
      // "隔壁也跳闸了"): the building's supply, not one home's breaker. Not "十几层的楼", corridor
      // lights (灯), nor 没电梯 or 没电动车. ("三楼到六楼" reads "三楼道六楼" after the 楼到 slip in TYPOS.)
      /(?<![0-9一二三四五六七八九十百])(好几|几|多|两|三|四|五|六|半|上下|楼上楼下)(个)?(层|楼层|户|家|栋|幢|单元)[^，。灯]{0,6}(跳闸|跳电|跳掣|没电|没有电|没得电|冇电|停电|断电|黑(?![^。]{0,8}灯))(?!梯|瓶|动|车|费|表|话|脑|视)/,
      /[0-9一二三四五六七八九十]+(楼|层)((到|道|至|-|~|和)[0-9一二三四五六七八九十]+(楼|层)|及?(以上|以下|往上|往下))[^，。灯]{0,6}(跳闸|跳电|跳掣|没电|没有电|没得电|冇电|停电|断电|黑)(?!梯|瓶|动|车|费|表|话|脑|视)/,
      /(单元里|全单元|整个单元|这栋|我们楼|我们栋)[^，。灯]{0,6}(跳闸|跳电|跳掣)|(楼里|楼内|楼上楼下|左邻右舍|邻居|隔壁|对门|别人家|大家)[^，。灯]{0,6}(也|都|全)(跳闸|跳电|跳掣|没电|没有电|没得电|冇电|停电|断电)(?!梯|瓶|动|车|费|表|话|脑|视)/,
      // A breaker that trips again when pushed back up, or will not go up: the home stays without
      // power ("一推上去又跳", "总闸合不上", "空开推不上去"). A 道闸 is a car-park barrier; one pushed back up
      // that holds ("推上去就好了") is over.
      /((?<!道)闸|空开|空气开关|漏保|漏电保护|断路器|跳掣|电掣|跳电|电表箱|电表柜|电箱|配电箱|表箱)[^。]{0,20}(一推就跳|一合就跳|(推|合|扳|拉|掰)(上去?|起来|回去)?了?(就|又|马上|立马|立刻|还是|还|一下就|再){1,2}(跳|掉|断)|(推|合|扳|拉)不(上去?|起来|住))/,
      /(单元|栋|幢|全楼|整个楼).{0,3}(全|都)黑/,
      /来电.{0,3}断电|一会.{0,2}(来|有)电.{0,4}(断|没)/,
      // Still no power hours on ("晚上十点了 还没来电", "到现在都没来电"); not a question about when a
      // cut to come ends (see cutNow).
      /(还|仍然|仍|一直|到现在|现在|至今)(都|也)?(没|没有|未|冇|莫)(来电|通电|恢复供电|复电)/,
      /冰箱[^，。]{0,3}(都|全)?(化了|化完了|化冻了|解冻了|化了一地|化一地|化得)/,
      // Owners tell a long outage by their fridges; a fridge that breaks is their own appliance.
      /冰箱(里|里面)?的?(东西|肉|菜|食物|吃的|海鲜)[^，。]{0,6}(烂|臭|坏|化|馊)/,
    ],
  },
  {
    category: '维修',
    ticketClass: 'major',
    note: 'a building without heating or gas supply; one radiator that is only lukewarm (暖气不热) is general',
    keywords: [
      cutNow('停暖'),
      '没暖气',
      '没有暖气',
      '供暖中断',
      /暖气.{0,2}(全|都)?(停了|断了|全停|全断)/,
      /锅炉.{0,2}坏/,
      /(没得|冇|莫得)暖气/,
      /(整|全|成)(栋|幢|楼|单元|小区).{0,6}暖气.{0,4}(不热|凉|冰|停)/,
      /暖气.{0,8}(不热|凉|冰|停).{0,8}(整栋|全楼|整个楼|全单元|整个单元|整个小区|都这样|家家)/,
      /(全楼|整栋|全单元|整个单元).{0,4}没(有)?气/,
      /(燃气|煤气|天然气)(停了|断了|没了|停供|中断|供不上)/,
      cutNow('停气'),
      /(零下|冻得|冻死|冻醒).{0,8}暖气|暖气.{0,8}(零下|冻得|冻死|冻醒)/,
      // A whole unit's radiators cold, the radiators by their slang (片子), and a home at 12 degrees
      // or less (屋里温度计才十度); 室温才18度 is heating below standard, general.
      /(单元|整栋|全楼|楼里|我们楼|这栋|整个楼|整幢)[^。]{0,8}(暖气片?|片子|地暖)[^。]{0,4}(一点|完全|根本|全|都)?(不热|冰凉|冰冷|凉的|没温度|不烫)/,
      /(屋里|屋头|室内|家里|温度计|室温|屋子)[^。]{0,6}(才|只有|只|就|不到|仅)(1[0-2]|[0-9]|十[一二]?|[二三四五六七八九])(度|°)/,
    ],
  },
  // ── complex (复杂): needs a written plan, a vote or other departments ──
  {
    category: '停车',
    ticketClass: 'complex',
    keywords: [
      '停车规划',
      '车位规划',
      '规划车位',
      '车位不够',
      '车位太少',
      '车位紧张',
      '停车难',
      '划车位',
      '增设车位',
      '新增车位',
      '车位分配',
      '人防车位',
      // Too few spaces, marking more, sharing them out, charging points asked for.
      /划[^，。]{0,4}车位|车位[^，。]{0,6}(少|不够|紧张|缺)|车位怎么分|增加车位/,
      /(建议|能不能|可不可以|申请|要求)[^，。]{0,6}(装|建|加|增设)[^，。]{0,4}充电(桩|棚|设施)/,
    ],
  },
  {
    category: '绿化',
    ticketClass: 'complex',
    keywords: [
      '绿地被占',
      '占用绿地',
      '侵占绿地',
      '毁绿',
      '砍树',
      /种(了|上)?菜/,
      /绿(地|化带).{0,4}(被占|占用|被毁|硬化|被人)/,
      // Trees felled and lawns dug up or paved, in any words (斩 is Cantonese); pruning a branch
      // (树枝砍一下) and weeding a flower bed are general, hence no 枝 or 草 in between.
      /(棵|树木|大树|老树|古树|树林|竹林|草坪|草地|绿地|绿化带|花坛)[^，。枝杈草]{0,8}(砍|斩|锯|挖|铲|拆|毁|推平|硬化|铺成|改成|变成)/,
      /(树|树木)[^，。枝杈]{0,6}(连根)?拔/,
      /(绿地|绿化带|草坪|草地|花坛)[^，。]{0,4}(围|圈|封)(了|成|起来|进)/,
    ],
  },
  {
    category: '安全',
    ticketClass: 'complex',
    note: 'illegal building and group renting: an order-and-safety matter that needs 城管 or 社区',
    keywords: [
      '违建',
      // 违章停车 is a parking matter (停车, below), not an illegal building.
      /违章(?!停|乱停)/,
      '私搭',
      '乱搭',
      '搭建',
      '加盖',
      '阳光房',
      '圈地',
      '承重',
      // Common space walled, fenced or locked in for one household.
      /(公共(?!绿)|楼道|走廊|过道|楼梯|平台|天台|楼顶|院子|门口(?!绿))[^，。]{0,6}(?<!绿地|绿化带|草坪|草地|花坛)(砌|围|圈|封)(了|成|起来|进)|(砌|围|圈|封)(成|进)[^，。]{0,2}(自家|他家|自己家|私人)/,
      // Homes and garages turned into businesses.
      /(开了?|开个|搞了?个|改成了?|做成了?)[^，。]{0,4}(作坊|工厂|加工厂|饭馆|餐馆|洗车|仓库|棋牌室|麻将馆|托管班|出租屋|旅馆|宾馆)/,
      '群租',
      '隔断房',
      '侵占公共',
      '占用公共',
    ],
  },
  {
    category: '维修',
    ticketClass: 'complex',
    note: 'works on the whole building; a facade coming loose is major (above)',
    keywords: [
      '外墙',
      '外立面',
      '加装电梯',
      '增设电梯',
      '改造',
      '翻新',
      '大修',
      '屋面防水',
      '楼顶防水',
      '二次供水',
    ],
  },
  {
    category: '收费',
    ticketClass: 'complex',
    note: 'money the committee decides on or must publish',
    keywords: ['公共收益', '维修资金', '维修基金', '涨价', '调价', '涨物业费', '账目', '财务公开', '审计'],
  },
  {
    category: '收费',
    ticketClass: 'complex',
    note: 'a fee changed or money the owners share; a question about one bill is general',
    keywords: [
      /(物业费|停车费|管理费|车位费|租金).{0,8}(涨|上调|翻倍|涨了|降价|谁定)/,
      /(收益|收入|广告费|租金).{0,6}(归|去哪|公布|公示|明细)/,
      // Where the owners' money went.
      /(钱|费|收入|收益|租金)[^，。]{0,6}(去哪|到哪去|花哪|花到哪|归谁|给谁|进了谁|谁拿|归业主)/,
      '收支',
      '挪用',
    ],
  },
  {
    category: '噪音',
    ticketClass: 'complex',
    note: 'noise from outside the compound, which another body must deal with (LABELS.md)',
    keywords: [/快速路|高架|铁路|高铁|地铁|工地|酒吧|隔音(墙|屏|板)/],
  },
  {
    category: '其他',
    ticketClass: 'complex',
    generic: true,
    note: 'what owners must decide together (SPEC: a plan, a vote)',
    keywords: [
      '业主大会',
      '业委会选举',
      '表决',
      '投票',
      '换物业',
      '续聘',
      '谁批准',
      '谁同意',
      '谁定的',
      /(开会|大家)(讨论|商量)/,
      /需要(开会|商量|审批|鉴定|规划)/,
      '重新规划',
      '扩建',
      '鉴定',
      '民宿',
      // Owners asking for a vote, a rule or a plan, or for the whole of something to be redone,
      // and what comes back every year: none of it is put right in half an hour.
      /投(个|一下|一次)?票|联名|公约|表个态/,
      /(定|出|搞|订|立)(个|一个|一些)?(规矩|规定|制度|章程|办法|公约|方案)/,
      /大家(商量|讨论|表个态|定|同意|一起出|意见|怎么看)|业主同意|大伙儿?定/,
      /(年年|每年)[^，。]{0,10}(都|又|还)/,
      /(整体|统一|整栋|全部)(换|改|更换|改造|升级|修|维修)/,
      /规划|重新设计|根治|彻底(解决|修|做)/,
      /谁(批|拍板|决定|说了算)|边个批|申请(装|建|改|挪|移|加|增|设)/,
    ],
  },
  {
    category: '其他',
    ticketClass: 'complex',
    generic: true,
    keywords: [
      '跨部门',
      '多部门',
      '需要协调',
      '多方协调',
      '街道办',
      '城管',
      '供电局',
      '供电公司',
      '自来水公司',
      '燃气公司',
      '开发商',
      '住建',
      '房管局',
      // Utilities and public bodies, and the property company and one of them passing it back and forth.
      /交警|环保|热力公司|供热公司|供暖公司|水厂|水务|电力局|电力公司|市政|园林局|房管|民政/,
      /推来推去|踢皮球|互相推|推诿|扯皮|踢来踢去|来回踢/,
      /(不归|不属于)[^，。]{0,4}(管|管辖)|归谁|到底(归|找)谁|该谁管|谁来管|谁(都|也)不管/,
      /街道(来|出面|管|协调)|找街道|社区(来|出面|协调)|居委会?(出面|协调)/,
      /搬迁|迁走/,
      // The city hotline, not any five digits: "京A·12345" is a licence plate.
      /(打|拨|找|投诉到?|反映到?)(了|过)?12345|12345(热线|投诉)/,
    ],
  },

  // ── general (一般): one person fixes it within the half hour ──
  {
    category: '收费',
    ticketClass: 'general',
    note: 'before 停车 so that 停车费 is a fee question',
    keywords: [
      '物业费',
      '停车费',
      '车位费',
      '管理费',
      '水费',
      '电费',
      '燃气费',
      '收费',
      '多收',
      '发票',
      '收据',
      '缴费',
      '交费',
      '退费',
      '押金',
      '公摊',
      '账单',
    ],
  },
  {
    category: '环境卫生',
    ticketClass: 'general',
    note: 'before 绿化 and 噪音: dog mess on a lawn and 装修垃圾 are cleaning jobs',
    keywords: [
      '垃圾',
      '清运',
      /卫生(?!间)/, // 卫生间 is the bathroom, where the leaks are
      '打扫',
      '保洁',
      '没人扫',
      '狗屎',
      '狗粪',
      '粪便',
      '广告',
      '牛皮癣',
      '老鼠',
      '蟑螂',
      '蚊子',
      '苍蝇',
      '消杀',
      '化粪池',
      '臭',
      '异味',
      /(?<!心)脏/, // 心脏病 is no cleaning job
      '积水',
    ],
  },
  {
    category: '绿化',
    ticketClass: 'general',
    keywords: [
      '树枝',
      '树木',
      '树叶',
      '落叶',
      '草坪',
      '草地',
      '杂草',
      '修剪',
      '剪枝',
      '绿地',
      '绿化',
      '花坛',
      '灌木',
      '打药',
      /树.{0,3}(歪|挡|遮|太高)/,
    ],
  },
  {
    category: '噪音',
    ticketClass: 'general',
    keywords: [
      '噪音',
      '噪声',
      '吵',
      '扰民',
      '装修',
      '广场舞',
      '狗叫',
      '犬吠',
      '音响',
      '音箱',
      '喇叭',
      '电钻',
      '一直响',
      '睡不着',
    ],
  },
  {
    category: '停车',
    ticketClass: 'general',
    keywords: [
      '乱停',
      '停车',
      '车位',
      '充电桩',
      '地库',
      '车库',
      '道闸',
      '抬杆',
      '僵尸车',
      '挪车',
      '外来车',
      /(车|电动车|三轮车).{0,6}(挡|堵)/,
      /(挡|堵)住?.{0,3}(车库|出口|车位|门口)/,
    ],
  },
  {
    category: '安全',
    ticketClass: 'general',
    note: 'access control (门禁, 单元门) counts as 安全: an open door is what owners report, and security staff own it',
    keywords: [
      '陌生人',
      '可疑',
      '小偷',
      '被偷',
      '偷了',
      '盗窃',
      '推销',
      '门禁',
      // "单元门口" and "大门口" only say where something is.
      /单元门(?!口)/,
      /大门(?!口)/,
      '监控',
      '摄像头',
      '保安',
      '巡逻',
      '消防',
      '灭火器',
      '杂物',
      '私拉电线',
      '电线裸露',
      '不拴绳',
      '咬人',
      '井盖',
      '护栏',
      '栏杆',
      '隐患',
      '危险',
      '打架',
      /(电动车|电瓶车|电单车|电驴|电动自行车).{0,6}(楼道|上楼|电梯|进楼|入户|家里充|过道)/,
      /(楼道|楼梯|过道|家里|电梯).{0,6}电瓶/,
    ],
  },
  {
    category: '维修',
    ticketClass: 'general',
    note: 'the catch-all for broken things, last so that a more specific category wins',
    keywords: [
      /灯.{0,4}(不亮|坏|闪|灭|不好)/,
      '路灯',
      '楼道灯',
      '声控灯',
      '灯泡',
      '坏了',
      '坏掉',
      '损坏',
      '失灵',
      '报修',
      '维修',
      '修一下',
      '修理',
      '堵了',
      '堵塞',
      '下水道',
      '马桶',
      '地漏',
      '水龙头',
      '水压',
      '热水',
      '暖气',
      '供暖',
      '空调',
      '墙皮',
      '裂缝',
      '门锁',
      '窗户',
      '扶手',
      '台阶',
      '电梯',
      '电箱',
      '插座',
      '水表',
      '电表',
      '滴水',
    ],
  },
];

/** Safety first: major outranks complex, which outranks general. */
export const classRank: Record<TicketClass, number> = { general: 0, complex: 1, major: 2 };

// Cf covers zero-width spaces and joiners, the BOM and direction marks.
const IGNORED = /[\p{Cf}\p{White_Space}]/gu;

// Built on first use: the dictionaries take some milliseconds to index, and most processes
// that import the rules (tests, the CLI) never need them. Taiwan's usage ("tw") rather than
// Hong Kong's or plain traditional because it also turns 著火 into 着火, the way owners in Taiwan
// and Hong Kong write "on fire".
let toSimplified: ((text: string) => string) | null = null;

/** Traditional characters to simplified (電梯困人 → 电梯困人), by OpenCC's dictionaries (./to-simplified.ts). */
export function simplified(text: string): string {
  toSimplified ??= traditionalToSimplified();
  return toSimplified(text);
}

/**
 * The text the keywords and the model see: NFKC (full-width letters, digits and punctuation
 * become half-width), traditional characters made simplified (SPEC "Owners' own words": they
 * count the same), without whitespace or zero-width characters (owners type "电 梯" and WeChat
 * inserts U+2005 after mentions), lower case.
 */
export function normalizeTicketText(text: string): string {
  let out = simplified(text.normalize('NFKC').replace(IGNORED, '')).toLowerCase();
  for (const [slip, word] of TYPOS) out = out.replaceAll(slip, word);
  return out;
}

/**
 * Pinyin-keyboard slips that turn a safety word into another one (电悌 for 电梯), so that the
 * rules and the model see the word meant. Only slips with no other reading in a complaint.
 */
const TYPOS: readonly [string, string][] = [
  ['电悌', '电梯'],
  ['电题', '电梯'],
  ['然气', '燃气'],
  ['燃汽', '燃气'],
  ['煤汽', '煤气'],
  ['着伙', '着火'],
  ['停点了', '停电了'],
  ['楼到', '楼道'],
  ['下水到', '下水道'],
  ['消防通到', '消防通道'],
  ['扰名', '扰民'],
  ['垃级', '垃圾'],
  ['暖器', '暖气'],
  ['跳匝', '跳闸'],
  ['天然汽', '天然气'],
  // Gas by homophone or a slip of the keyboard: 媒气 and 媒汽 (méiqì), 然汽, 液化汽, 沼汽, 石油汽;
  // 没气 (also méiqì) is left to the gas rule, which needs a smell word beside it.
  ['媒气', '煤气'],
  ['媒汽', '煤气'],
  ['然汽', '燃气'],
  ['液化汽', '液化气'],
  ['沼汽', '沼气'],
  ['石油汽', '石油气'],
  // E-bikes by homophone: 电平车, 电屏车 (diànpíng) and 电洞车 (diàndòng), only with 车 after them, so that
  // "停电 平时" (停电平时 once spaces go) keeps its 停电. The charging word's slips (冲电, 充点) are read by
  // the e-bike rule in context (see CHARGING): 冲电梯 and 冲电话费 mean other things.
  ['电平车', '电瓶车'],
  ['电屏车', '电瓶车'],
  ['电洞车', '电动车'],
];

function firedKeyword(text: string, keyword: string | RegExp): string | null {
  if (typeof keyword === 'string') return keyword !== '' && text.includes(keyword) ? keyword : null;
  // A stray g or y flag would make test() stateful; a fresh search from 0 keeps it pure.
  keyword.lastIndex = 0;
  const m = keyword.exec(text);
  return m ? m[0] : null;
}

/** A rule's keywords, each regular expression with its gate (./keyword-gate.ts). */
type GatedRule = { rule: TicketRule; keywords: readonly { keyword: string | RegExp; gate: Gate }[] };

let gated: readonly GatedRule[] | null = null;

/** {@link ticketRules} with their gates, looked up on first use (./keyword-gates.json). */
function gatedRules(): readonly GatedRule[] {
  gated ??= ticketRules.map((rule) => ({
    rule,
    keywords: rule.keywords.map((keyword) => ({
      keyword,
      gate: typeof keyword === 'string' ? null : storedGate(keyword),
    })),
  }));
  return gated;
}

/**
 * Calls `hit` with each keyword of `rule` found in the text, in order; stops when it returns
 * true. A pattern whose gate the text fails is skipped: it cannot match there.
 */
function eachHit(
  text: string,
  units: ReturnType<typeof unitsOf>,
  { keywords }: GatedRule,
  hit: (found: string) => boolean | undefined,
): void {
  for (const { keyword, gate } of keywords) {
    if (!mayMatch(gate, units)) continue;
    const found = firedKeyword(text, keyword);
    if (found !== null && hit(found) === true) return;
  }
}

/** True when one of the rule's keywords is in the text. */
function ruleFires(text: string, units: ReturnType<typeof unitsOf>, rule: GatedRule): boolean {
  let fired = false;
  eachHit(text, units, rule, () => (fired = true));
  return fired;
}

/** Indices in {@link ticketRules} of the rules that fire on normalized text, in order. */
export function firedRules(normalized: string): number[] {
  const units = unitsOf(normalized);
  const fired: number[] = [];
  gatedRules().forEach((rule, i) => {
    if (ruleFires(normalized, units, rule)) fired.push(i);
  });
  return fired;
}

/**
 * True when a safety rule (a major keyword rule) fires on text already through
 * {@link normalizeTicketText}: the text reports an emergency, or may. The ticket classifier never
 * classes such a text 一般, and the /报修 hint (./complaint.ts) always reads it as a complaint.
 */
export function safetyRuleFires(normalized: string): boolean {
  const units = unitsOf(normalized);
  return gatedRules().some((rule) => rule.rule.ticketClass === 'major' && ruleFires(normalized, units, rule));
}

/**
 * Category and class of a ticket text by the keyword rules alone. When several rules fire, the
 * class is the highest (major > complex > general: safety first) and the category is that of
 * the first rule of that class (unless it is generic: see {@link TicketRule.generic}). Nothing
 * matched → 其他 / general.
 */
export function classifyByRules(text: string): Classification {
  return classifyNormalizedByRules(normalizeTicketText(text));
}

/** `classifyByRules` of a text already through `normalizeTicketText`. */
export function classifyNormalizedByRules(normalized: string): Classification {
  return rulesVerdict(normalized).classification;
}

/**
 * The keyword rules' verdict on normalized text and the indices of the rules that fired (what
 * {@link firedRules} returns), from one pass over the rules: the classifier needs both, and the
 * pass is most of the rules' cost.
 */
export function rulesVerdict(normalized: string): { classification: Classification; fired: number[] } {
  const units = unitsOf(normalized);
  const matched: string[] = [];
  const firedIndices: number[] = [];
  let best: TicketRule | null = null;
  let specific: TicketRule | null = null;
  gatedRules().forEach((gatedRule, i) => {
    let fired = false;
    eachHit(normalized, units, gatedRule, (hit) => {
      fired = true;
      if (!matched.includes(hit)) matched.push(hit);
      return false;
    });
    if (!fired) return;
    const { rule } = gatedRule;
    firedIndices.push(i);
    if (best === null || classRank[rule.ticketClass] > classRank[best.ticketClass]) best = rule;
    if (!rule.generic) specific ??= rule;
  });
  const chosen = best as TicketRule | null;
  if (!chosen)
    return { classification: { category: '其他', ticketClass: 'general', matched }, fired: firedIndices };
  const found = specific as TicketRule | null;
  const category = chosen.generic && found ? found.category : chosen.category;
  return { classification: { category, ticketClass: chosen.ticketClass, matched }, fired: firedIndices };
}

// Maps, not object literals: a word like "constructor" must not find Object.prototype.
const classWords = new Map<string, TicketClass>([
  ['一般', 'general'],
  ['普通', 'general'],
  ['general', 'general'],
  ['重大', 'major'],
  ['紧急', 'major'],
  ['major', 'major'],
  ['复杂', 'complex'],
  ['complex', 'complex'],
]);

/** The class a word names (一般/普通/general, 重大/紧急/major, 复杂/complex), or null. */
export function parseTicketClass(word: string): TicketClass | null {
  return classWords.get(normalizeTicketText(word)) ?? null;
}

const categoryWords = new Map<string, TicketCategory>([
  ...ticketCategories.map((c) => [c, c] as const),
  ['报修', '维修'],
  ['修理', '维修'],
  ['卫生', '环境卫生'],
  ['环境', '环境卫生'],
  ['保洁', '环境卫生'],
  ['垃圾', '环境卫生'],
  ['治安', '安全'],
  ['安防', '安全'],
  ['消防', '安全'],
  ['噪声', '噪音'],
  ['扰民', '噪音'],
  ['车位', '停车'],
  ['车辆', '停车'],
  ['停车费', '收费'],
  ['绿地', '绿化'],
  ['园林', '绿化'],
  ['物业费', '收费'],
  ['缴费', '收费'],
  ['费用', '收费'],
  ['其它', '其他'],
]);

/** The category a word names: one of the eight, or a synonym (卫生 → 环境卫生, 物业费 → 收费, 车位 → 停车 …). */
export function parseTicketCategory(word: string): TicketCategory | null {
  return categoryWords.get(normalizeTicketText(word)) ?? null;
}
