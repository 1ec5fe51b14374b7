// The pure rules behind the auto cycle: classification (category, priority, SLA) and the KB match
// confidence that gates automatic answers, on Korean and English text. Keyword extraction itself is
// the language module's (test/keywords.test.ts).
import { describe, expect, it } from 'vitest';
import { classifyRequest, slaDeadline } from '../src/modules/itsm/classification.js';
import { articleKeywords, AUTO_ANSWER_CONFIDENCE, bestMatch, inquiryTerms, matchConfidence } from '../src/modules/itsm/kb-match.js';

describe('classification', () => {
  const cases: Array<[string, string, 'INQUIRY' | 'INCIDENT' | 'CHANGE' | 'SERVICE', string, string]> = [
    ['VPN 접속이 안됩니다', '재택근무 중 VPN이 연결되지 않습니다.', 'INQUIRY', 'NETWORK', 'P2'],
    ['VPN connection fails', 'Working from home, the VPN client cannot connect.', 'INQUIRY', 'NETWORK', 'P2'],
    ['오라클 DB 테이블스페이스 부족', '운영 DB의 USERS 테이블스페이스 사용률 95%, ORA-01653', 'INCIDENT', 'DATABASE', 'P2'],
    ['Database deadlocks on the orders table', 'Nightly batch hits deadlocks in PostgreSQL.', 'INCIDENT', 'DATABASE', 'P2'],
    ['web-01 서버 디스크 용량 부족', '/var 파티션 사용률이 92%입니다.', 'INCIDENT', 'SERVER', 'P2'],
    ['Server disk almost full', 'web-01 /var is at 92% capacity', 'CHANGE', 'SERVER', 'P3'],
    ['피싱 메일을 받았습니다', '의심스러운 링크가 포함된 메일이 왔어요', 'INCIDENT', 'SECURITY', 'P2'],
    ['Suspicious phishing email', 'I received an email asking for my password.', 'INCIDENT', 'SECURITY', 'P2'],
    ['비밀번호 초기화 방법 문의', '그룹웨어 비밀번호를 잊어버렸습니다.', 'INQUIRY', 'ACCOUNT', 'P4'],
    ['How do I reset my password?', 'I forgot my password.', 'INQUIRY', 'ACCOUNT', 'P4'],
    ['Outlook에서 메일 발송이 안됩니다', '아웃룩으로 메일을 보내면 오류가 납니다', 'INCIDENT', 'APPLICATION', 'P2'],
    ['Please install Visio', 'I need Visio installed on my laptop for the new project.', 'SERVICE', 'APPLICATION', 'P3'],
    ['3층 프린터 인쇄가 안돼요', '복합기에서 출력이 되지 않습니다', 'INCIDENT', 'HARDWARE', 'P2'],
    ['새 노트북 지급 요청', '신규 입사자용 노트북이 필요합니다', 'SERVICE', 'HARDWARE', 'P3'],
    ['법인카드 한도 문의', '법인카드 사용 한도를 알고 싶습니다', 'INQUIRY', 'OTHER', 'P4'],
  ];

  it.each(cases)('%s → %s', (title, description, type, category, priority) => {
    const result = classifyRequest({ title, description, type });
    expect({ category: result.category, priority: result.priority }).toEqual({ category, priority });
  });

  it('raises an outage to P1 and says why', () => {
    const korean = classifyRequest({ title: '전체 사용자 그룹웨어 접속 불가', description: '오전 9시부터 전 직원이 그룹웨어에 접속할 수 없습니다.', type: 'INCIDENT' });
    expect(korean).toMatchObject({ category: 'APPLICATION', priority: 'P1' });
    expect(korean.priorityReasons[0]).toMatch(/^outage: /);
    const english = classifyRequest({ title: 'ERP is down for all users', description: 'Nobody can log in to SAP.', type: 'INCIDENT' });
    expect(english).toMatchObject({ category: 'APPLICATION', priority: 'P1' });
  });

  it('raises an urgent request by one level only', () => {
    expect(classifyRequest({ title: '모니터 교체 요청', description: '긴급합니다', type: 'SERVICE' }).priority).toBe('P2');
    expect(classifyRequest({ title: 'Monitor replacement', description: 'routine', type: 'SERVICE' }).priority).toBe('P3');
  });

  it('explains the category by its keywords', () => {
    expect(classifyRequest({ title: 'VPN 접속 불가', description: '', type: 'INCIDENT' }).categoryKeywords).toEqual(['vpn']);
  });

  it('computes the SLA deadline from the priority', () => {
    const from = new Date('2026-11-22T00:00:00Z');
    const hours = { P1: 4, P2: 8, P3: 24, P4: 72 };
    expect(slaDeadline('P1', from, hours).toISOString()).toBe('2026-11-22T04:00:00.000Z');
    expect(slaDeadline('P4', from, hours).toISOString()).toBe('2026-11-25T00:00:00.000Z');
  });
});

describe('KB match confidence', () => {
  const passwordArticle = {
    id: 'KB-PASSWORD',
    keywords: articleKeywords(
      '비밀번호 초기화 방법 / How to reset your password',
      '셀프서비스 포털에서 사번과 휴대폰 인증으로 그룹웨어 비밀번호를 초기화할 수 있습니다. Reset your groupware password on the self-service portal.',
    ),
  };
  const vpnArticle = {
    id: 'KB-VPN',
    keywords: articleKeywords(
      'VPN 접속 장애 해결 / VPN connection troubleshooting',
      '재택근무 등 외부에서 VPN에 접속할 수 없을 때: VPN 클라이언트를 최신 버전으로 업데이트하고 다시 연결하세요. When working from home and the VPN client cannot connect, update the client.',
    ),
  };

  it('answers a Korean and an English inquiry with the same article', () => {
    const korean = bestMatch(inquiryTerms('비밀번호 초기화는 어떻게 하나요?', '그룹웨어 비밀번호를 바꾸고 싶어요'), [vpnArticle, passwordArticle]);
    const english = bestMatch(inquiryTerms('How do I reset my password?', 'for the groupware'), [vpnArticle, passwordArticle]);
    expect(korean).toMatchObject({ articleId: 'KB-PASSWORD' });
    expect(english).toMatchObject({ articleId: 'KB-PASSWORD' });
    expect(korean!.confidence).toBeGreaterThanOrEqual(AUTO_ANSWER_CONFIDENCE);
    expect(english!.confidence).toBeGreaterThanOrEqual(AUTO_ANSWER_CONFIDENCE);
  });

  it('weighs technical and title words: an on-topic article missing the specific thing stays below', () => {
    const terms = inquiryTerms('VPN 인증서 오류', 'VPN 접속 시 인증서가 만료되었다고 나옵니다');
    const match = matchConfidence(terms, vpnArticle.keywords);
    expect(match.matched).toContain('vpn');
    expect(match.missing).toContain('certificate');
    expect(match.confidence).toBeLessThan(AUTO_ANSWER_CONFIDENCE);
  });

  it('needs more evidence than one word', () => {
    expect(matchConfidence(inquiryTerms('비밀번호', ''), passwordArticle.keywords).confidence).toBeLessThan(AUTO_ANSWER_CONFIDENCE);
    expect(matchConfidence(inquiryTerms('비밀번호 초기화', ''), passwordArticle.keywords).confidence).toBe(1);
  });

  it('ignores symptom words every troubleshooting article would cover', () => {
    expect(inquiryTerms('VPN 접속 오류가 납니다', '').map((t) => t.keyword)).toEqual(['vpn', 'connect']);
  });

  it('finds nothing for an unrelated inquiry', () => {
    const match = bestMatch(inquiryTerms('법인카드 한도 문의', '법인카드 사용 한도를 알고 싶습니다'), [vpnArticle, passwordArticle]);
    expect(match!.confidence).toBe(0);
  });
});
