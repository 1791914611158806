/**
 * Does a plain owners-group message read as a complaint, with high confidence? Decides whether the
 * bot offers `/报修` under it (SPEC "Owners' own words", `/设置 提示报修 开`). The bot otherwise
 * never answers normal talk, so a false alarm costs more than a miss: a message must name a
 * concrete fault (something broken, leaking, blocked, out, dangerous or filthy) and must carry
 * none of the marks of a question, a notice, an advert or thanks. Emergencies are the exception:
 * whatever the ticket classifier's safety rules call one (./rules.ts) reads as a complaint, asked
 * as a question or not, unless it is a notice, a schedule, a prohibition or a report that it is
 * over. Pure and total.
 */

import { normalizeTicketText, safetyRuleFires, simplified } from './rules.js';

/** Blanks (dropped) and clause punctuation (one "，"), in one pass. */
const FOLDABLE = /[\s\u3000\u2005]+|[,，。!！~～、;；]+/g;

/**
 * The text the patterns below see: traditional characters made simplified by the ticket
 * classifier's own OpenCC conversion (so a Hong Kong or Taiwan owner's complaint reads the same,
 * by one rule for the whole bot), blanks gone, clause punctuation one "，", lower case.
 */
function fold(text: string): string {
  return simplified(text)
    .replace(FOLDABLE, (m) => (/^\s+$/.test(m) ? '' : '，'))
    .toLowerCase();
}

// Questions: "电梯是不是坏了?", "请问…", "有推荐的师傅吗".
const QUESTION =
  /吗|么[?？]?$|是不是|会不会|有没有|请问|问一下|[?？]$|几点|什么时候|多少|怎么(交|算|办|退|弄|样)|推荐|哪里|哪个|在哪/;
// Plans and schedules: "明天停水吗", "今天几点停电?".
const PLAN = /明天|后天|下周|下个月|将于|预计|计划|检修|维保|保养|清洗|演练|试运行|几点|什么时候|几号/;
// Notices, adverts, market talk.
const NOTICE =
  /通知|公告|提示|告知|知识|宣传|活动|出售|出租|转让|求购|团购|接龙|优惠|加微信|私聊|二维码|红包|链接|https?:|www\./;
// It is over.
const OVER = /修好|好了|恢复|已处理|处理好|处理完|解决了|没事了/;
// Thanks and praise.
const THANKS = /谢谢|感谢|辛苦|点赞|表扬|负责/;

/** Marks of talk that is not a complaint to act on: a question, a plan, a notice, an advert, thanks. */
const NOT_A_COMPLAINT: readonly RegExp[] = [QUESTION, PLAN, NOTICE, OVER, THANKS];

/**
 * Marks that still hold when the safety rules see an emergency: a notice or a rule posted for all
 * ("严禁在楼道充电"), a schedule, or news that it is over. A question does not ("一股煤气味 是不是
 * 漏了?" is a report), nor does politeness ("快来看看 谢谢").
 */
const NOT_AN_EMERGENCY_REPORT: readonly RegExp[] = [PLAN, NOTICE, /严禁|请勿|切勿|禁止|不要在/, OVER];

/** Things in a compound that break. */
const THING =
  '(?:楼道灯|路灯|灯|电梯|按钮|门禁|道闸|栏杆|单元门|大门|楼道门|防火门|对讲门?|车库门|卷帘门|窗户?|水管|管道|水龙头|龙头|马桶|下水道?|地漏|暖气片?|空调外机|井盖|充电桩|监控|摄像头|水泵|电箱|电表|水表|楼梯|扶手|栏杆|外墙|墙皮|瓷砖|天花板|屋顶|楼顶)';
/** What they do when broken. */
const FAULT =
  '(?:坏|不亮|不动|不走|不热|不通|不出水|不制热|打不开|关不上|锁不上|刷不开|松了|松动|掉了|断了|裂了|故障|罢工|失灵|漏|堵|停运|停了|塌|脱落|掉下来)';

/** A concrete fault named: the one thing every confident complaint has. */
const FAULTS: readonly RegExp[] = [
  new RegExp(`${THING}[^，]{0,4}${FAULT}`),
  // Water, power and gas: out, leaking, flooding.
  /漏水|渗水|跑水|漏雨|爆管|水管爆|冒水|积水|淹了|停水|断水|没水了|不来水|停电|断电|跳闸/,
  /(楼|栋|单元|小区|家里?|屋里|全部|都)[^电，]{0,2}没电/,
  /(煤气|燃气|天然气)(味|泄漏|漏了)|臭鸡蛋味/,
  // Danger.
  /着火|起火|失火|冒烟|火灾|困人|被困|困在|关在电梯|卡在电梯|夹人|坍塌|塌了|高空抛物|坠物|砸(到|伤|坏)|树倒/,
  /(消防|生命)通道[^，]{0,6}(堵|占|停|堆|挡|锁)|(堵|占|停|堆|挡).{0,8}(消防|生命)通道/,
  // Sewage and filth.
  /(污水|粪水|化粪池|下水道?)[^，]{0,4}(冒|溢|满|堵|漫)|返水|反水|污水横流/,
  /(垃圾|垃圾桶|狗屎|粪便|杂物)[^，]{0,10}(没人|好几天|几天了|满了|堆满|臭|清理|不收|没收)|堆满了?杂物|臭死了|臭气熏天/,
  // Noise that keeps people up.
  /(吵|噪音)[^，]{0,6}(死了|睡不着|受不了)|太吵了|吵得|(装修|施工)[^，]{0,8}(吵|噪音)|(半夜|凌晨|晚上\d+点)[^，]{0,6}(装修|施工|吵)/,
  // Nobody came.
  /没人(管|修|来|处理|收|清)|报了[^，]{0,4}(次|遍)[^，]{0,4}没人/,
];

/** Longer than this is an article or a forwarded notice, not a complaint typed in the moment. */
const MAX_CHARS = 200;

/** True when the text reads as a complaint with high confidence (see the module comment). */
export function readsAsComplaint(text: string): boolean {
  const chars = [...text];
  // Three characters are enough for an emergency (着火了, 停电了), not for anything else.
  if (chars.length < 3 || chars.length > MAX_CHARS) return false;
  const folded = fold(text);
  if (safetyRuleFires(normalizeTicketText(text)))
    return !NOT_AN_EMERGENCY_REPORT.some((re) => re.test(folded));
  if (chars.length < 4) return false;
  // Faults first: most chat names none, and this runs on every message of every group.
  return FAULTS.some((re) => re.test(folded)) && !NOT_A_COMPLAINT.some((re) => re.test(folded));
}
