// The language module (src/modules/language), tested directly: one bilingual lexicon and one
// Korean + English keyword extractor behind classification, KB matching and recurrence detection.
import { describe, expect, it } from 'vitest';
import { extractKeywords, keywordWeight, MAX_KEYWORDS, normalizeText, requestKeywords, stripKoreanSuffixes, textKeywords } from '../src/modules/language/keywords.js';
import { CONCEPTS, ENGLISH_STOPWORDS, KOREAN_STOPWORDS } from '../src/modules/language/lexicon.js';

const words = (text: string) => textKeywords(text);
const keywordsOf = (title: string, description = '') => extractKeywords(title, description).keywords;

describe('the lexicon', () => {
  it('gives every surface form one meaning, and never makes a stopword of a known form', () => {
    const owner = new Map<string, string>();
    for (const concept of CONCEPTS) {
      for (const form of [...(concept.korean ?? []), ...(concept.english ?? [])]) {
        expect(owner.get(form) ?? concept.canonical, `${form} in ${owner.get(form)} and ${concept.canonical}`).toBe(concept.canonical);
        owner.set(form, concept.canonical);
      }
    }
    expect([...KOREAN_STOPWORDS, ...ENGLISH_STOPWORDS].filter((word) => owner.has(word))).toEqual([]);
    expect(new Set(CONCEPTS.map((c) => c.canonical)).size).toBe(CONCEPTS.length);
  });

  it('carries what each reader needs: category, technical, generic and weight', () => {
    const [vpn, connect, fail] = requestKeywords('VPN 접속 불가');
    expect(vpn).toMatchObject({ keyword: 'vpn', tech: true, generic: false, category: 'NETWORK', inTitle: true });
    expect(connect).toMatchObject({ keyword: 'connect', tech: false, generic: false, category: undefined });
    expect(fail).toMatchObject({ keyword: 'fail', generic: true });
    expect(requestKeywords('How do I reset my password?').find((k) => k.keyword === 'howto')).toMatchObject({ generic: true });
    // A category only where the word says it: a monitor is hardware, a screen (of an app) is not.
    expect(requestKeywords('모니터 화면').map((k) => [k.keyword, k.category])).toEqual([['monitor', 'HARDWARE'], ['screen', undefined]]);
    expect(requestKeywords('정보 유출').map((k) => [k.keyword, k.category])).toEqual([['정보', undefined], ['hacking', 'SECURITY']]);
    expect(keywordWeight('slow', false)).toBe(1.5);
    expect(keywordWeight('prod', false)).toBe(1.5);
    expect(keywordWeight('vpn', true)).toBe(1.5);
    expect(keywordWeight('nginx', true)).toBe(1.5);
    // A name of its own (host, code, address) weighs most; the failure word least.
    for (const name of ['ora-12541', 'web-01', '0x80070005', '10.0.0.15']) expect(keywordWeight(name, true), name).toBe(2);
    expect(keywordWeight('502', true)).toBe(1.5);
    expect(keywordWeight('fail', false)).toBe(0.5);
    expect(keywordWeight('printer', false)).toBe(1);
  });
});

describe('Korean keyword extraction', () => {
  it('strips particles and endings, only where a stem remains', () => {
    expect(stripKoreanSuffixes('비밀번호를')).toBe('비밀번호');
    expect(stripKoreanSuffixes('데이터베이스에서는')).toBe('데이터베이스');
    expect(stripKoreanSuffixes('접속하려면')).toBe('접속');
    expect(stripKoreanSuffixes('대시보드가')).toBe('대시보드');
    expect(stripKoreanSuffixes('입니다')).toBe('');
    // A two-syllable noun whose last syllable looks like a particle is left whole.
    expect(stripKoreanSuffixes('경로')).toBe('경로');
    expect(stripKoreanSuffixes('속도')).toBe('속도');
    expect(stripKoreanSuffixes('결과')).toBe('결과');
    // One syllable before a longer particle tells nothing ("층에서", "9시부터").
    expect(stripKoreanSuffixes('층에서')).toBe('');
  });

  it('meets spacing variants on one signature', () => {
    const a = extractKeywords('DB서버 접속 불가', '');
    const b = extractKeywords('DB 서버에 접속이 안 됩니다', '');
    expect(a.signature).toBe(b.signature);
    expect(a.keywords.sort()).toEqual(['connect', 'db', 'fail', 'server']);
  });

  it('joins split compounds and splits joined ones against the lexicon', () => {
    expect(keywordsOf('비밀 번호를 초기화해 주세요')).toEqual(keywordsOf('비밀번호 초기화'));
    expect(keywordsOf('로그 인이 안돼요')).toEqual(['login', 'fail']);
    expect(keywordsOf('로그 인증 오류').sort()).toEqual(['auth', 'fail', 'log']);
    expect(keywordsOf('메일서버 장애').sort()).toEqual(keywordsOf('메일 서버 장애').sort());
    expect(words('계정잠김 해제')).toEqual(['account', 'lock', 'unlock']);
  });

  it('turns every form of negation into one failure word', () => {
    for (const text of ['접속 불가', '접속이 안 됩니다', '접속이 안돼요', '접속이 되지 않습니다', '접속할 수 없습니다', '접속 실패']) {
      expect(keywordsOf(text).sort(), text).toEqual(['connect', 'fail']);
    }
  });

  it('drops stopwords, greetings and conjugation leftovers', () => {
    expect(keywordsOf('안녕하세요 문의드립니다', '확인 부탁드립니다 감사합니다')).toEqual([]);
    expect(words('안녕하세요 감사합니다 please help thanks')).toEqual([]);
    expect(keywordsOf('갑자기 프린터가 계속 안 돼요')).toEqual(['printer', 'fail']);
    expect(words('비밀번호를 잊어버렸습니다')).toEqual(['password', 'forgot']);
    expect(words('의심스러운 메일을 받았습니다')).toEqual(['phishing', 'mail', 'receive']);
    // "Service" says as little as "system": the web service is the web.
    expect(words('웹 서비스 장애')).toEqual(['web', 'fail']);
    expect(words('The billing service is down')).toEqual(['payment', 'fail']);
  });

  it('does not read 다운로드 (download) as 다운 (down)', () => {
    expect(words('파일 다운로드')).toEqual(['file', 'download']);
  });
});

describe('English keyword extraction and identifiers', () => {
  it('lower-cases, stems and drops stopwords; English and Korean meet on canonical words', () => {
    expect(words('VPN 접속이 안됩니다')).toEqual(['vpn', 'connect', 'fail']);
    expect(words('VPN connection fails')).toEqual(['vpn', 'connect', 'fail']);
    expect(words('비밀번호 초기화는 어떻게 하나요?').sort()).toEqual(['howto', 'password', 'reset']);
    expect(words('How do I reset my password?').sort()).toEqual(['howto', 'password', 'reset']);
    expect(keywordsOf("I can't connect to the database server").sort()).toEqual(['connect', 'db', 'fail', 'server']);
    expect(extractKeywords('Cannot connect to VPN', '').signature).toBe(extractKeywords('VPN 접속 불가', '').signature);
  });

  it('keeps identifiers, error codes, status codes, addresses and products as technical keywords', () => {
    const result = extractKeywords('ORA-12541 on 10.0.0.15 behind nginx returns 502 Bad Gateway', '');
    expect(result.keywords).toEqual(expect.arrayContaining(['ora-12541', '10.0.0.15', 'nginx', '502']));
    expect(result.techKeywords).toEqual(expect.arrayContaining(['ora-12541', '10.0.0.15', 'nginx', '502']));
    expect(result.keywords).not.toContain('bad');
    expect(extractKeywords('VPN 오류', '').techKeywords).toEqual(['vpn']);
    expect(extractKeywords('GW 장애', '').techKeywords).toEqual(['gw']);
    // Names with an inner capital are technical: exceptions and pod states, not plurals of acronyms.
    expect(extractKeywords('NullPointerException, CrashLoopBackOff and OOMKilled', '').techKeywords).toEqual(['nullpointerexception', 'crashloopbackoff', 'oomkilled']);
    expect(words('two VPNs')).toEqual(['vpn']);
  });

  it('reads the ways a device stops working, restarts or charges as one word', () => {
    expect(words('Keyboard stopped working')).toEqual(['keyboard', 'fail']);
    expect(words('Keyboard stopped responding')).toEqual(['keyboard', 'fail']);
    expect(words('Blue screen when the PC starts')).toEqual(['bsod', 'pc', 'boot']);
    expect(words('Outlook starts slowly')).toEqual(['outlook', 'open', 'slow']);
    expect(words('Battery not charging')).toEqual(['battery', 'charge']);
    expect(words('노트북 배터리 충전 안됨')).toEqual(['laptop', 'battery', 'charge', 'fail']);
    expect(words('2단계 인증 오류')).toEqual(words('이중인증 오류'));
    expect(words('프린트가 안됩니다')).toEqual(words('프린터가 안됩니다'));
  });

  it('ignores dates, times, ordinals, years and small counts', () => {
    expect(words('ORA-01653 on 2026-11-02 at 10:30, port 8443')).toEqual(['ora-01653', 'port-8443']);
    // A VLAN or a port is named by its number, however small.
    expect(words('VLAN 20 has no DHCP lease')).toEqual(['vlan-20', 'dhcp', 'lease']);
    expect(words('3rd floor printer, 3층 프린터')).toEqual(['floor', 'printer']);
    expect(keywordsOf('2026-11-02 10:30 3rd floor printer down since 2024, 3 times').sort()).toEqual(['fail', 'floor', 'printer']);
  });
});

describe('what each reader gets', () => {
  it('flags title words and technical terms, and keeps every keyword of a request', () => {
    const keywords = requestKeywords('Outlook 메일 발송 오류', '재택근무 중 발생');
    expect(keywords.map((k) => k.keyword)).toEqual(['outlook', 'mail', 'send', 'fail', 'remote']);
    expect(keywords.find((k) => k.keyword === 'outlook')).toMatchObject({ tech: true, inTitle: true, category: 'APPLICATION' });
    expect(keywords.find((k) => k.keyword === 'remote')).toMatchObject({ tech: false, inTitle: false });
    expect(keywords.find((k) => k.keyword === 'fail')).toMatchObject({ generic: true });
  });

  it('normalises text for rules that read it: lower case, negations as one failure word', () => {
    expect(normalizeText('VPN 접속이 안 됩니다')).toContain('실패');
    expect(normalizeText("Outlook can't send")).toMatch(/^outlook +fail +send$/);
    expect(normalizeText('VPN ERROR')).toBe('vpn error');
  });

  it('ranks the recurrence set: capped, title words first, and the signature keeps to title words', () => {
    const result = extractKeywords('VPN 접속 불가', 'Outlook Excel Teams printer nginx oracle redis kafka 백업 복구');
    expect(result.keywords).toHaveLength(MAX_KEYWORDS);
    expect(result.keywords.slice(0, 3).sort()).toEqual(['connect', 'fail', 'vpn']);
    expect(result.signature).toBe('connect fail vpn');
  });

  it('reads "connection drops" as one symptom in the recurrence set, but keeps both words for matching', () => {
    expect(extractKeywords('VPN 연결이 자꾸 끊겨요', '').keywords.sort()).toEqual(['disconnect', 'vpn']);
    expect(words('VPN 연결이 자꾸 끊겨요')).toEqual(['vpn', 'connect', 'disconnect']);
  });
});
