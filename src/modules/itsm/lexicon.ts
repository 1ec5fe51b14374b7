// The bilingual vocabulary behind request classification and KB matching: data, not code.
// Each term maps its Korean and English surface forms to one canonical keyword, so "VPN 접속이
// 안됩니다" and "VPN connection fails" meet on the same words (vpn, connect, fail). Korean forms are
// stems as they appear before a particle or an ending ("비밀번호를" → 비밀번호 → password).
import type { Category } from '../../generated/prisma/enums.js';

export interface Term {
  canonical: string;
  /** The category a request mentioning this term is about (none: says nothing about the category). */
  category?: Category;
  /** Products, protocols and identifiers: they tell requests apart best, so they weigh double. */
  tech?: boolean;
  /** Symptom words every problem report carries ("fails", "오류"): ignored when matching articles. */
  generic?: boolean;
  forms: string[];
}

export const TERMS: Term[] = [
  // ── symptoms (generic: every problem report has them) ──
  { canonical: 'fail', generic: true, forms: ['fail', 'fails', 'failed', 'failing', 'failure', 'broken', 'unable', 'cannot', 'unavailable', 'unreachable', '실패', '불가', '불능', '안됨', '안되', '안돼', '안됩', '안된', '먹통'] },
  { canonical: 'error', generic: true, forms: ['error', 'errors', '오류', '에러'] },
  { canonical: 'outage', generic: true, forms: ['outage', 'down', '장애', '중단', '마비', '다운'] },
  { canonical: 'slow', forms: ['slow', 'slowly', 'slowness', 'latency', 'lag', 'sluggish', '느림', '느려', '느리', '느립', '느린', '지연', '속도저하'] },
  { canonical: 'disconnect', forms: ['disconnect', 'disconnects', 'disconnected', 'disconnection', 'drop', 'drops', 'dropped', '끊김', '끊겨', '끊기', '끊깁', '끊어', '끊긴', '단절'] },
  { canonical: 'crash', forms: ['crash', 'crashes', 'crashed', 'freeze', 'freezes', 'frozen', 'hang', 'hangs', 'unresponsive', '튕김', '튕겨', '멈춤', '멈춰', '멈췄', '강제종료'] },
  { canonical: 'full', forms: ['full', 'exhausted', 'insufficient', '가득', '부족', '꽉차', '초과'] },
  { canonical: 'lock', category: 'ACCOUNT', forms: ['lock', 'locked', 'lockout', '잠김', '잠겨', '잠겼', '잠금'] },
  { canonical: 'expire', forms: ['expire', 'expired', 'expires', 'expiry', 'expiration', '만료', '만기'] },
  { canonical: 'forgot', forms: ['forgot', 'forget', 'forgotten', 'lost', '잊어버', '잊어', '분실', '잃어버'] },
  { canonical: 'timeout', forms: ['timeout', 'timeouts', '타임아웃', '시간초과'] },
  // ── actions ──
  { canonical: 'connect', forms: ['connect', 'connects', 'connection', 'connections', 'connecting', 'connected', 'connectivity', '접속', '연결'] },
  { canonical: 'access', forms: ['access', 'accessing', '접근'] },
  { canonical: 'reset', forms: ['reset', 'resets', 'resetting', '초기화', '재설정', '리셋'] },
  { canonical: 'change', forms: ['change', 'changes', 'changed', 'changing', 'modify', '변경', '수정', '교체'] },
  { canonical: 'install', category: 'APPLICATION', forms: ['install', 'installs', 'installed', 'installing', 'installation', 'setup', '설치', '인스톨'] },
  { canonical: 'update', forms: ['update', 'updates', 'updated', 'upgrade', 'upgraded', '업데이트', '업그레이드', '갱신'] },
  { canonical: 'config', forms: ['config', 'configuration', 'configure', 'setting', 'settings', '설정', '구성'] },
  { canonical: 'restart', category: 'SERVER', forms: ['restart', 'restarted', 'reboot', 'rebooted', '재시작', '재기동', '재부팅', '리부팅'] },
  { canonical: 'backup', category: 'DATABASE', forms: ['backup', 'backups', '백업'] },
  { canonical: 'restore', forms: ['restore', 'restored', 'recovery', 'recover', '복구', '복원'] },
  { canonical: 'send', forms: ['send', 'sending', 'sent', 'outgoing', '발송', '전송', '보내', '보낸'] },
  { canonical: 'receive', forms: ['receive', 'receiving', 'received', 'incoming', '수신', '받았', '받지', '못받'] },
  { canonical: 'print', category: 'HARDWARE', forms: ['print', 'prints', 'printing', 'printed', '인쇄', '출력'] },
  { canonical: 'remote', forms: ['remote', 'home', 'wfh', '재택', '재택근무', '원격', '외부'] },
  { canonical: 'download', forms: ['download', 'downloads', 'downloading', 'downloaded', '다운로드', '내려받'] },
  { canonical: 'grant', forms: ['grant', 'granted', 'provision', '부여', '신청', '발급'] },
  // ── network ──
  { canonical: 'vpn', category: 'NETWORK', tech: true, forms: ['vpn', '브이피엔'] },
  { canonical: 'network', category: 'NETWORK', forms: ['network', 'networks', 'networking', '네트워크', '통신', '회선'] },
  { canonical: 'internet', category: 'NETWORK', forms: ['internet', '인터넷'] },
  { canonical: 'wifi', category: 'NETWORK', tech: true, forms: ['wifi', 'wi-fi', 'wireless', 'wlan', '와이파이', '무선랜', '무선'] },
  { canonical: 'lan', category: 'NETWORK', tech: true, forms: ['lan', 'ethernet', '랜선', '유선랜', '유선'] },
  { canonical: 'dns', category: 'NETWORK', tech: true, forms: ['dns', 'nameserver', '디엔에스'] },
  { canonical: 'ip', category: 'NETWORK', tech: true, forms: ['ip', 'ipv4', 'ipv6', 'dhcp', '아이피'] },
  { canonical: 'router', category: 'NETWORK', tech: true, forms: ['router', 'switch', 'gateway', '라우터', '공유기', '스위치', '게이트웨이'] },
  { canonical: 'proxy', category: 'NETWORK', tech: true, forms: ['proxy', '프록시'] },
  { canonical: 'bandwidth', category: 'NETWORK', forms: ['bandwidth', 'packet', 'packets', 'ping', '대역폭', '패킷'] },
  // ── database ──
  { canonical: 'database', category: 'DATABASE', tech: true, forms: ['database', 'databases', 'db', 'dbms', 'sql', '데이터베이스', '디비'] },
  { canonical: 'oracle', category: 'DATABASE', tech: true, forms: ['oracle', '오라클'] },
  { canonical: 'mysql', category: 'DATABASE', tech: true, forms: ['mysql', 'mariadb'] },
  { canonical: 'postgresql', category: 'DATABASE', tech: true, forms: ['postgres', 'postgresql', '포스트그레스'] },
  { canonical: 'mssql', category: 'DATABASE', tech: true, forms: ['mssql', 'sqlserver'] },
  { canonical: 'query', category: 'DATABASE', forms: ['query', 'queries', '쿼리'] },
  { canonical: 'table', category: 'DATABASE', forms: ['table', 'tables', 'tablespace', 'tablespaces', '테이블', '테이블스페이스'] },
  { canonical: 'deadlock', category: 'DATABASE', tech: true, forms: ['deadlock', 'deadlocks', '데드락', '교착'] },
  { canonical: 'replication', category: 'DATABASE', forms: ['replication', 'replica', '복제', '이중화'] },
  // ── server ──
  { canonical: 'server', category: 'SERVER', forms: ['server', 'servers', 'host', 'hosts', '서버'] },
  { canonical: 'cpu', category: 'SERVER', tech: true, forms: ['cpu', 'processor', '씨피유'] },
  { canonical: 'memory', category: 'SERVER', forms: ['memory', 'ram', 'oom', '메모리'] },
  { canonical: 'disk', category: 'SERVER', forms: ['disk', 'disks', 'storage', 'volume', '디스크', '스토리지', '저장공간'] },
  { canonical: 'capacity', category: 'SERVER', forms: ['capacity', 'space', '용량', '여유공간'] },
  { canonical: 'linux', category: 'SERVER', tech: true, forms: ['linux', 'ubuntu', 'centos', 'rhel', '리눅스'] },
  { canonical: 'vm', category: 'SERVER', tech: true, forms: ['vm', 'vms', 'vmware', 'hypervisor', '가상머신', '가상서버'] },
  { canonical: 'middleware', category: 'SERVER', tech: true, forms: ['tomcat', 'nginx', 'apache', 'jboss', 'weblogic', '톰캣', '웹서버', '아파치'] },
  { canonical: 'container', category: 'SERVER', tech: true, forms: ['container', 'containers', 'docker', 'kubernetes', 'k8s', 'pod', 'pods', '컨테이너', '쿠버네티스'] },
  // ── security ──
  { canonical: 'security', category: 'SECURITY', forms: ['security', '보안'] },
  { canonical: 'virus', category: 'SECURITY', forms: ['virus', 'malware', 'ransomware', 'trojan', '바이러스', '악성코드', '랜섬웨어'] },
  { canonical: 'phishing', category: 'SECURITY', forms: ['phishing', 'spam', 'suspicious', '피싱', '스팸', '의심'] },
  { canonical: 'hacking', category: 'SECURITY', forms: ['hack', 'hacked', 'hacking', 'breach', 'intrusion', '해킹', '침해', '유출'] },
  { canonical: 'firewall', category: 'SECURITY', tech: true, forms: ['firewall', '방화벽'] },
  { canonical: 'certificate', category: 'SECURITY', tech: true, forms: ['certificate', 'certificates', 'cert', 'ssl', 'tls', '인증서'] },
  { canonical: 'encryption', category: 'SECURITY', forms: ['encryption', 'encrypt', 'encrypted', '암호화'] },
  { canonical: 'vulnerability', category: 'SECURITY', forms: ['vulnerability', 'vulnerabilities', 'cve', '취약점'] },
  // ── account ──
  { canonical: 'account', category: 'ACCOUNT', forms: ['account', 'accounts', 'username', '계정', '아이디'] },
  { canonical: 'password', category: 'ACCOUNT', forms: ['password', 'passwords', 'passwd', 'passphrase', '비밀번호', '패스워드', '비번', '암호'] },
  { canonical: 'login', category: 'ACCOUNT', forms: ['login', 'logon', 'signin', 'log-in', 'sign-in', '로그인', '로그온'] },
  { canonical: 'permission', category: 'ACCOUNT', forms: ['permission', 'permissions', 'privilege', 'privileges', 'authorization', 'rights', '권한'] },
  { canonical: 'mfa', category: 'ACCOUNT', tech: true, forms: ['mfa', 'otp', '2fa', 'two-factor', 'authenticator', '2단계인증', '이중인증', '오티피'] },
  { canonical: 'sso', category: 'ACCOUNT', tech: true, forms: ['sso', 'ldap', 'saml', 'active-directory', '통합인증'] },
  // ── application ──
  { canonical: 'application', category: 'APPLICATION', forms: ['application', 'applications', 'app', 'apps', 'program', 'software', '애플리케이션', '어플리케이션', '어플', '프로그램', '소프트웨어'] },
  { canonical: 'erp', category: 'APPLICATION', tech: true, forms: ['erp', 'sap', 'crm', '이알피'] },
  { canonical: 'groupware', category: 'APPLICATION', tech: true, forms: ['groupware', 'intranet', '그룹웨어', '인트라넷', '전자결재', '결재'] },
  { canonical: 'web', category: 'APPLICATION', forms: ['web', 'website', 'site', 'webpage', 'page', 'portal', 'homepage', '홈페이지', '웹사이트', '사이트', '웹페이지', '페이지', '포털'] },
  { canonical: 'browser', category: 'APPLICATION', tech: true, forms: ['browser', 'chrome', 'edge', 'firefox', '브라우저', '크롬', '엣지'] },
  { canonical: 'email', category: 'APPLICATION', forms: ['email', 'e-mail', 'mail', 'emails', 'mailbox', 'inbox', '메일', '이메일', '메일함'] },
  { canonical: 'outlook', category: 'APPLICATION', tech: true, forms: ['outlook', '아웃룩'] },
  { canonical: 'office', category: 'APPLICATION', tech: true, forms: ['office', 'excel', 'word', 'powerpoint', 'm365', '오피스', '엑셀', '워드', '파워포인트'] },
  { canonical: 'license', category: 'APPLICATION', forms: ['license', 'licence', 'licenses', '라이선스', '라이센스'] },
  { canonical: 'messenger', category: 'APPLICATION', tech: true, forms: ['messenger', 'teams', 'slack', '메신저'] },
  // ── hardware ──
  { canonical: 'printer', category: 'HARDWARE', forms: ['printer', 'printers', 'toner', 'copier', '프린터', '복합기', '토너'] },
  { canonical: 'scanner', category: 'HARDWARE', forms: ['scanner', 'scan', '스캐너', '스캔'] },
  { canonical: 'monitor', category: 'HARDWARE', forms: ['monitor', 'monitors', 'display', '모니터', '디스플레이'] },
  { canonical: 'keyboard', category: 'HARDWARE', forms: ['keyboard', 'mouse', '키보드', '마우스'] },
  { canonical: 'laptop', category: 'HARDWARE', forms: ['laptop', 'laptops', 'notebook', '노트북', '랩탑'] },
  { canonical: 'pc', category: 'HARDWARE', forms: ['pc', 'desktop', 'computer', 'workstation', '컴퓨터', '데스크탑', '데스크톱', '피씨'] },
  { canonical: 'hardware', category: 'HARDWARE', forms: ['hardware', 'usb', 'headset', 'webcam', '하드웨어', '헤드셋', '웹캠'] },
  { canonical: 'battery', category: 'HARDWARE', forms: ['battery', 'charger', '배터리', '충전기'] },
];

/** Words that carry no meaning for telling requests apart (checked before and after stripping). */
export const KOREAN_STOPWORDS = [
  '안녕하세요', '감사합니다', '수고하세요', '문의', '문의드립니다', '요청', '요청드립니다', '부탁', '부탁드립니다', '드립니다',
  '어떻게', '방법', '현재', '지금', '오늘', '어제', '내일', '아침', '오전', '오후', '계속', '갑자기', '자꾸', '다시', '너무',
  '사용', '사용자', '사용중', '관련', '문제', '해결', '현상', '경우', '때문', '그리고', '그런데', '혹시', '해당', '모든',
  '전체', '일부', '저희', '우리', '제가', '이번', '확인', '처리', '필요', '가능', '진행', '상태', '이후', '이전', '정도',
  '직원', '담당자', '부서', '업무', '빨리', '긴급', '급합니다', '궁금', '궁금합니다', '알려주세요', '안내', '내용',
  '있습니다', '없습니다', '같습니다', '합니다', '됩니다', '했습니다', '되었습니다', '됐습니다', '하나요', '되나요',
  '있나요', '싶습니다', '해주세요', '주세요', '발생', '알고', '않습니다', '않아요', '않습', '모두', '포함', '되었', '하였', '했었', '있었', '없었', '되어', '해주', '드리', '주시', '잘',
];

export const ENGLISH_STOPWORDS = [
  'a', 'an', 'the', 'and', 'or', 'but', 'if', 'then', 'of', 'to', 'in', 'on', 'at', 'for', 'from', 'by', 'with', 'without',
  'is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', 'do', 'does', 'did', 'doing', 'done', 'have', 'has', 'had',
  'i', 'me', 'my', 'we', 'our', 'us', 'you', 'your', 'it', 'its', 'this', 'that', 'these', 'those', 'they', 'them',
  'their', 'he', 'she', 'his', 'her', 'there', 'here', 'what', 'which', 'who', 'when', 'where', 'why', 'how', 'can',
  'could', 'would', 'should', 'will', 'shall', 'may', 'might', 'must', 'not', 'no', 'so', 'too', 'very', 'just', 'also',
  'please', 'help', 'hi', 'hello', 'thanks', 'thank', 'regards', 'dear', 'team', 'issue', 'issues', 'problem', 'problems',
  'request', 'ticket', 'question', 'today', 'yesterday', 'tomorrow', 'now', 'since', 'morning', 'afternoon', 'again',
  'still', 'keep', 'keeps', 'get', 'gets', 'getting', 'got', 'any', 'some', 'all', 'every', 'user', 'users', 'someone',
  'after', 'before', 'about', 'into', 'out', 'up', 'over', 'than', 'as', 'while', 'because', 'anymore', 'seems', 'like',
  'need', 'needs', 'want', 'able', 'work', 'works', 'working', 'worked', 'use', 'using', 'used', 'try', 'tried',
  'trying', 'see', 'one', 'two', 'few', 'many', 'much', 'more', 'most', 'other', 'same', 'new', 'urgent', 'asap',
  'currently', 'suddenly', 'always', 'minutes', 'hours', 'day', 'days', 'time', 'message', 'says', 'happen', 'happens',
  'happened', 'anything', 'something', 'nothing', 'go', 'goes', 'went', 'let', 'know', 'check', 'make', 'only', 'even',
  'really', 'way', 'first', 'last', 'next', 'per', 'via', 'solution', 'steps', 'guide', 'almost', 'http', 'https', 'www', 'com', 't', 's', 've', 'm', 're', 'd',
];

/** Korean particles (조사) and verb/adjective endings (어미), stripped from the end of a word. */
export const KOREAN_SUFFIXES = [
  // endings
  '되었습니다', '하였습니다', '되지않습니다', '했었습니다', '해주십시오', '해주세요', '되었어요', '했습니다', '됐습니다',
  '합니다', '됩니다', '습니다', '입니다', '했어요', '됐어요', '하세요', '되네요', '하네요', '되는데', '하는데', '하려고',
  '하려면', '되려면', '했는데', '됐는데', '하나요', '되나요', '할까요', '인가요', '해서', '돼서', '되어', '하여', '해야',
  '되면', '하면', '하지', '되지', '하고', '되고', '하는', '되는', '해요', '돼요', '되요', '니다', '네요', '어요', '아요',
  '나요', '는데', '았습니다', '었습니다', '였습니다', '주세요', '고', '한', '된', '할', '될', '함', '됨', '하', '되',
  // particles
  '에서부터', '으로부터', '에서는', '에서도', '에서의', '으로는', '으로도', '에서', '에게', '에는', '에도', '으로', '로는',
  '까지', '부터', '한테', '께서', '이나', '이랑', '처럼', '보다', '마다', '에', '로', '와', '과', '은', '는', '이', '가',
  '을', '를', '의', '도', '만', '요',
];
