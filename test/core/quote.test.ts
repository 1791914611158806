import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuote } from '../../core/quote.js';

/** Exactly what padlocal 1.x, wechat4u and wechatferry make of a quote-reply. */
const SEPARATOR = '- - - - - - - - - - - - - - -';
const quoteFirst = (name: string, text: string, reply: string) =>
  `「${name}：${text}」\n${SEPARATOR}\n${reply}`;

/** A group appmsg of type 57 as puppets that do not parse appmsg hand it over. */
function referXml(o: {
  title: string;
  name: string;
  content: string;
  chatusr?: string;
  type?: string;
}): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `wxid_quoter:\n<?xml version="1.0"?>\n<msg>\n\t<appmsg appid="" sdkver="0">\n\t\t<title>${esc(o.title)}</title>\n\t\t<des />\n\t\t<action>view</action>\n\t\t<type>57</type>\n\t\t<refermsg>\n\t\t\t<type>${o.type ?? '1'}</type>\n\t\t\t<svrid>7300000000000000001</svrid>\n\t\t\t<fromusr>sunshine-owners@chatroom</fromusr>\n\t\t\t<chatusr>${o.chatusr ?? 'wxid_zhangsan'}</chatusr>\n\t\t\t<displayname>${esc(o.name)}</displayname>\n\t\t\t<content>${esc(o.content)}</content>\n\t\t</refermsg>\n\t</appmsg>\n\t<fromusername>wxid_quoter</fromusername>\n</msg>\n`;
}

describe('parseQuote reads what the puppets make of a WeChat quote-reply (引用)', () => {
  it('GIVEN the padlocal 1.x / wechat4u text THEN the quoted speaker, their text and the reply come apart', () => {
    expect(parseQuote(quoteFirst('张三', '3号楼楼道灯坏了三天了', '/报修'))).toEqual({
      quote: { authorName: '张三', authorId: null, text: '3号楼楼道灯坏了三天了', isText: true },
      reply: '/报修',
    });
  });

  it('GIVEN traditional characters in the quote THEN they are kept as typed', () => {
    expect(parseQuote(quoteFirst('張三', '樓道燈壞了, 晚上黑漆漆的', '/報修'))?.quote.text).toBe(
      '樓道燈壞了, 晚上黑漆漆的',
    );
  });

  it('GIVEN a quoted text of several lines with colons and 「」 of its own THEN only the first colon splits the speaker off', () => {
    const parsed = parseQuote(quoteFirst('李四', '通知：明天停水\n「原文」见公告', '/报修 补充 3号楼'));
    expect(parsed?.quote).toMatchObject({ authorName: '李四', text: '通知：明天停水\n「原文」见公告' });
    expect(parsed?.reply).toBe('/报修 补充 3号楼');
  });

  it('GIVEN a half-width colon, a shorter or unspaced dash line, or blank edges THEN it is still a quote', () => {
    for (const text of [
      '「张三:灯坏了」\n- - - - - - - - - - - - - - -\n/报修',
      '「张三：灯坏了」\n---------------\n/报修',
      '  「张三：灯坏了」 \n - - - \n /报修 ',
      '「张三：灯坏了」\n— — — — —\n/报修',
    ]) {
      expect(parseQuote(text), text).toMatchObject({
        quote: { authorName: '张三', text: '灯坏了' },
        reply: '/报修',
      });
    }
  });

  it('GIVEN the padlocal 0.x text (reply first, quote last) THEN it reads the same', () => {
    expect(parseQuote('/报修\n「张三：电梯又坏了」')).toEqual({
      quote: { authorName: '张三', authorId: null, text: '电梯又坏了', isText: true },
      reply: '/报修',
    });
  });

  it('GIVEN a quoted photo, video or sticker THEN the quote says it is not text', () => {
    for (const media of ['图片', '视频', '动画表情', '[图片]']) {
      expect(parseQuote(quoteFirst('张三', media, '/报修'))?.quote.isText, media).toBe(false);
    }
  });

  it('GIVEN the raw appmsg XML of type 57 THEN the quoted speaker id, name, text and the reply are read, entities unescaped', () => {
    const parsed = parseQuote(referXml({ title: '/报修', name: '张三 & 家人', content: '水管<爆了>' }));
    expect(parsed).toEqual({
      quote: { authorName: '张三 & 家人', authorId: 'wxid_zhangsan', text: '水管<爆了>', isText: true },
      reply: '/报修',
    });
  });

  it('GIVEN the XML of a quoted photo THEN it is not text; GIVEN an appmsg of another type THEN it is no quote', () => {
    expect(
      parseQuote(referXml({ title: '/报修', name: '张三', content: '<img/>', type: '3' }))?.quote.isText,
    ).toBe(false);
    expect(
      parseQuote(referXml({ title: 'x', name: '张三', content: 'y' }).replace('<type>57', '<type>5')),
    ).toBeNull();
  });

  it('GIVEN ordinary chat, a command, or 「」 without a speaker THEN it is no quote', () => {
    for (const text of [
      '大家好',
      '/报修 楼道灯坏了',
      '「好」',
      '他说「明天再说」',
      '「明天再说」\n- - -\n好的',
      '「：没有名字」\n- - -\n/报修',
      '',
    ]) {
      expect(parseQuote(text), text).toBeNull();
    }
  });

  it('GIVEN any speaker, text and reply THEN formatting them as padlocal does and parsing gives them back', () => {
    const name = fc
      .string({ minLength: 1, maxLength: 12 })
      .filter((s) => !/[:：\n「」]/.test(s) && s.trim() === s && s !== '');
    const text = fc
      .string({ maxLength: 60 })
      .filter((s) => s.trim() === s && s !== '' && !/\n[ \t]*[-—－]/.test(s));
    const reply = fc.string({ maxLength: 30 }).map((s) => s.trim());
    fc.assert(
      fc.property(name, text, reply, (n, t, r) => {
        const parsed = parseQuote(quoteFirst(n, t, r));
        expect(parsed?.quote.authorName).toBe(n);
        expect(parsed?.quote.text).toBe(t);
        expect(parsed?.reply).toBe(r);
      }),
    );
  });

  it('GIVEN any string at all THEN parseQuote answers without throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        parseQuote(s);
        parseQuote(`「${s}`);
        parseQuote(`${s}\n「${s}」`);
        parseQuote(`<msg><appmsg><type>57</type><refermsg>${s}</refermsg></appmsg></msg>`);
      }),
    );
  });
});
