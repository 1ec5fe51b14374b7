// The bilingual ITSM vocabulary: data, not code. Each concept maps its Korean and English surface
// forms to one canonical keyword, so "서버" and "server", "VPN 접속이 안 됩니다" and "VPN connection
// fails" meet on the same words (vpn, connect, fail). Korean forms are stems as they appear before a
// particle or an ending ("느려", "느린", "느림" → slow) and also drive compound segmentation
// ("메일서버" → 메일 + 서버). A concept also carries what its readers need: its category
// (classification), whether it is technical, its weight (recurrence similarity) and whether it is
// generic (every report carries it: KB matching ignores it).

/** The request categories a concept can point to (the Prisma enum Category, minus OTHER). */
export type ConceptCategory = 'NETWORK' | 'DATABASE' | 'SERVER' | 'SECURITY' | 'APPLICATION' | 'ACCOUNT' | 'HARDWARE';

export interface Concept {
  canonical: string;
  korean?: string[];
  english?: string[];
  /** The category a request mentioning this concept is about (none: says nothing about the category). */
  category?: ConceptCategory;
  /** Identifiers, protocols and products: they tell requests apart best (listed as techKeywords). */
  tech?: boolean;
  /** Weight in recurrence similarity (default 1, technical 1.5). Symptoms and environments tell problems apart. */
  weight?: number;
  /** Said by nearly every report or question ("fails", "오류", "how to"): says nothing about what it is about. */
  generic?: boolean;
}

export const CONCEPTS: Concept[] = [
  // ── symptoms ──
  {
    canonical: 'fail', generic: true,
    korean: ['실패', '불가', '불능', '안됨', '안되', '안돼', '안됩', '안된', '오류', '에러', '장애', '먹통', '불량', '비정상', '다운', '중단', '마비', '거부', '거절', '오프라인'],
    english: ['fail', 'fails', 'failed', 'failing', 'failure', 'error', 'errors', 'unable', 'cannot', 'broken', 'down', 'outage', 'unavailable', 'unreachable', 'refused', 'rejected', 'denied', 'offline'],
  },
  {
    canonical: 'slow', weight: 1.5,
    korean: ['느림', '느려', '느리', '느립', '느린', '지연', '속도저하', '버벅', '렉'],
    english: ['slow', 'slowly', 'slowness', 'latency', 'lag', 'lagging', 'sluggish', 'delay', 'delayed'],
  },
  {
    canonical: 'disconnect', weight: 1.5,
    korean: ['끊김', '끊겨', '끊기', '끊깁', '끊어', '끊긴', '단절', '끊어짐'],
    english: ['disconnect', 'disconnects', 'disconnected', 'disconnecting', 'disconnection', 'drop', 'drops', 'dropped', 'dropping'],
  },
  {
    canonical: 'crash', weight: 1.5,
    korean: ['튕김', '튕겨', '튕기', '강제종료', '크래시', '멈춤', '멈춰', '멈추', '멈췄', '멈춥', '프리징', '응답없음'],
    english: ['crash', 'crashes', 'crashed', 'crashing', 'freeze', 'freezes', 'frozen', 'hang', 'hangs', 'hung', 'unresponsive', 'stuck'],
  },
  { canonical: 'full', weight: 1.5, korean: ['가득', '부족', '꽉참', '꽉차', '초과'], english: ['full', 'shortage', 'exhausted', 'exceeded', 'insufficient'] },
  { canonical: 'high', weight: 1.5, korean: ['급증', '과부하', '폭증', '높음', '높아', '치솟'], english: ['high', 'spike', 'spikes', 'spiking', 'overload', 'overloaded', 'surge'] },
  { canonical: 'unlock', korean: ['해제', '풀어', '풀림', '풀기', '잠금해제'], english: ['unlock', 'unlocked', 'unlocking'] },
  { canonical: 'lock', category: 'ACCOUNT', weight: 1.5, korean: ['잠김', '잠겨', '잠기', '잠금', '잠겼', '락'], english: ['lock', 'locked', 'lockout', 'locks'] },
  { canonical: 'expire', weight: 1.5, korean: ['만료', '만기'], english: ['expire', 'expired', 'expires', 'expiry', 'expiration', 'expiring'] },
  { canonical: 'forgot', korean: ['잊어버', '잊어', '분실', '잃어버'], english: ['forgot', 'forget', 'forgotten', 'lost'] },
  { canonical: 'timeout', weight: 1.5, korean: ['타임아웃', '시간초과'], english: ['timeout', 'timeouts'] },
  { canonical: 'blank', weight: 1.5, korean: ['백지', '흰화면', '빈화면', '까만화면', '검은화면', '블랙스크린'], english: ['blank', 'black', 'white'] },
  { canonical: 'flicker', weight: 1.5, korean: ['깜빡', '깜박', '번쩍'], english: ['flicker', 'flickers', 'flickering'] },
  { canonical: 'noise', weight: 1.5, korean: ['소음', '잡음'], english: ['noise', 'noisy'] },
  { canonical: 'leak', weight: 1.5, korean: ['누수'], english: ['leak', 'leaks', 'leaking', 'leaked'] },
  { canonical: 'garbled', weight: 1.5, korean: ['깨짐', '깨져', '깨지', '깨진'], english: ['garbled', 'corrupted', 'corrupt', 'broken-characters'] },
  { canonical: 'howto', generic: true, korean: ['방법', '어떻게', '절차', '가이드'], english: ['how', 'howto', 'guide', 'procedure', 'instructions'] },
  // ── actions and operations ──
  { canonical: 'connect', korean: ['접속', '연결', '접근', '연동'], english: ['connect', 'connects', 'connection', 'connections', 'connecting', 'connected', 'connectivity', 'access', 'accessing'] },
  { canonical: 'login', category: 'ACCOUNT', korean: ['로그인', '로그온', '사인인'], english: ['login', 'logon', 'signin', 'log-in', 'sign-in'] },
  { canonical: 'logout', korean: ['로그아웃'], english: ['logout', 'signout', 'log-out'] },
  { canonical: 'create', korean: ['생성', '만들', '만들어', '개설'], english: ['create', 'creates', 'created', 'creating', 'creation'] },
  { canonical: 'onboard', korean: ['입사자', '입사', '신입', '신규입사'], english: ['onboarding', 'onboard', 'hire', 'newcomer', 'joiner'] },
  { canonical: 'offboard', korean: ['퇴사자', '퇴사', '퇴직'], english: ['offboarding', 'offboard', 'leaver'] },
  { canonical: 'reset', korean: ['초기화', '리셋', '재설정'], english: ['reset', 'resets', 'resetting'] },
  { canonical: 'change', korean: ['변경', '수정', '바꾸', '바꿔', '바꿨', '바꾼', '교체'], english: ['change', 'changes', 'changed', 'changing', 'modify', 'modified', 'replace', 'replacement'] },
  { canonical: 'install', category: 'APPLICATION', korean: ['설치', '인스톨'], english: ['install', 'installs', 'installed', 'installing', 'installation', 'setup'] },
  { canonical: 'uninstall', korean: ['삭제설치', '제거'], english: ['uninstall', 'uninstalled', 'remove', 'removal'] },
  { canonical: 'update', korean: ['업데이트', '업그레이드', '갱신'], english: ['update', 'updates', 'updated', 'updating', 'upgrade', 'upgraded', 'upgrading', 'renew', 'renewal'] },
  { canonical: 'deploy', korean: ['배포', '릴리스', '릴리즈'], english: ['deploy', 'deploys', 'deployed', 'deploying', 'deployment', 'release', 'rollout'] },
  { canonical: 'migration', korean: ['마이그레이션', '이관'], english: ['migration', 'migrations', 'migrate', 'migrating', 'migrated'] },
  { canonical: 'patch', korean: ['패치'], english: ['patch', 'patches', 'patched', 'patching', 'hotfix'] },
  { canonical: 'config', korean: ['설정', '구성', '환경설정'], english: ['config', 'configuration', 'configure', 'configured', 'setting', 'settings'] },
  { canonical: 'restart', category: 'SERVER', korean: ['재시작', '재기동', '재부팅', '리부팅', '리부트', '재실행'], english: ['restart', 'restarts', 'restarted', 'restarting', 'reboot', 'rebooted', 'rebooting'] },
  { canonical: 'backup', category: 'DATABASE', korean: ['백업'], english: ['backup', 'backups'] },
  { canonical: 'restore', korean: ['복구', '복원'], english: ['restore', 'restored', 'restoring', 'recovery', 'recover'] },
  { canonical: 'send', korean: ['발송', '전송', '송신', '보내', '보냈', '보낸', '보낼'], english: ['send', 'sending', 'sent', 'outgoing'] },
  { canonical: 'receive', korean: ['수신', '받았', '받지', '받을', '받은', '못받'], english: ['receive', 'receiving', 'received', 'incoming', 'arrive', 'arriving', 'arrived'] },
  { canonical: 'print', category: 'HARDWARE', korean: ['인쇄', '출력', '프린트'], english: ['print', 'prints', 'printing', 'printed'] },
  { canonical: 'scan', category: 'HARDWARE', korean: ['스캔', '스캐너'], english: ['scan', 'scanning', 'scanner'] },
  { canonical: 'open', korean: ['열림', '열리', '열려', '열립', '열기', '열어', '열면', '실행', '오픈'], english: ['open', 'opens', 'opening', 'launch', 'launching', 'start', 'starting'] },
  { canonical: 'load', korean: ['로딩', '로드'], english: ['load', 'loads', 'loading'] },
  { canonical: 'sync', korean: ['동기화'], english: ['sync', 'synchronization', 'synchronize', 'syncing'] },
  { canonical: 'upload', korean: ['업로드', '올리'], english: ['upload', 'uploads', 'uploading', 'uploaded'] },
  { canonical: 'download', korean: ['다운로드', '내려받'], english: ['download', 'downloads', 'downloading', 'downloaded'] },
  { canonical: 'grant', korean: ['부여', '신청', '발급'], english: ['grant', 'granted', 'issue-new', 'provision'] },
  { canonical: 'remote', korean: ['재택', '재택근무', '원격', '외부', '집'], english: ['remote', 'home', 'wfh'] },
  // ── things ──
  { canonical: 'server', category: 'SERVER', korean: ['서버'], english: ['server', 'servers', 'host', 'hosts'] },
  { canonical: 'db', category: 'DATABASE', tech: true, korean: ['디비', '데이터베이스', '데이타베이스'], english: ['db', 'database', 'databases', 'dbms', 'sql'] },
  { canonical: 'network', category: 'NETWORK', korean: ['네트워크', '네트웍', '인터넷', '통신', '회선'], english: ['network', 'networks', 'internet', 'networking'] },
  { canonical: 'wifi', category: 'NETWORK', tech: true, korean: ['와이파이', '무선랜', '무선'], english: ['wifi', 'wi-fi', 'wireless', 'wlan'] },
  { canonical: 'lan', category: 'NETWORK', tech: true, korean: ['랜선', '유선랜', '유선'], english: ['lan', 'ethernet'] },
  { canonical: 'bandwidth', category: 'NETWORK', korean: ['대역폭', '패킷'], english: ['bandwidth', 'packet', 'packets', 'ping'] },
  { canonical: 'password', category: 'ACCOUNT', korean: ['비밀번호', '패스워드', '암호', '비번'], english: ['password', 'passwords', 'passwd', 'passphrase', 'pw'] },
  { canonical: 'account', category: 'ACCOUNT', korean: ['계정', '아이디'], english: ['account', 'accounts', 'username', 'id'] },
  { canonical: 'permission', category: 'ACCOUNT', korean: ['권한'], english: ['permission', 'permissions', 'privilege', 'privileges', 'authorization', 'authorisation', 'rights'] },
  { canonical: 'auth', korean: ['인증'], english: ['auth', 'authentication', 'authenticate', 'authenticating'] },
  { canonical: 'mfa', category: 'ACCOUNT', tech: true, korean: ['2단계인증', '이중인증', '오티피'], english: ['otp', 'mfa', '2fa', 'two-factor', 'authenticator'] },
  { canonical: 'certificate', category: 'SECURITY', korean: ['인증서'], english: ['certificate', 'certificates', 'cert', 'certs'] },
  { canonical: 'mail', category: 'APPLICATION', korean: ['메일', '이메일', '이멜', '전자메일', '메일함'], english: ['mail', 'email', 'e-mail', 'emails', 'mailbox', 'inbox'] },
  { canonical: 'printer', category: 'HARDWARE', korean: ['프린터', '복합기', '프린트기'], english: ['printer', 'printers', 'copier'] },
  { canonical: 'toner', category: 'HARDWARE', korean: ['토너'], english: ['toner'] },
  { canonical: 'disk', category: 'SERVER', korean: ['디스크', '하드디스크', '스토리지', '저장공간', '드라이브'], english: ['disk', 'disks', 'storage', 'drive', 'volume'] },
  { canonical: 'capacity', category: 'SERVER', korean: ['용량', '공간', '여유공간'], english: ['capacity', 'space'] },
  { canonical: 'memory', category: 'SERVER', korean: ['메모리', '램'], english: ['memory', 'ram', 'oom'] },
  { canonical: 'cpu', category: 'SERVER', tech: true, korean: ['씨피유', '프로세서'], english: ['cpu', 'processor'] },
  { canonical: 'usage', korean: ['사용률', '사용량', '점유율', '점유'], english: ['usage', 'utilization', 'utilisation'] },
  { canonical: 'screen', korean: ['화면'], english: ['screen', 'screens'] },
  { canonical: 'monitor', category: 'HARDWARE', korean: ['모니터', '디스플레이'], english: ['monitor', 'monitors', 'display'] },
  { canonical: 'keyboard', category: 'HARDWARE', korean: ['키보드'], english: ['keyboard'] },
  { canonical: 'mouse', category: 'HARDWARE', korean: ['마우스'], english: ['mouse'] },
  { canonical: 'laptop', category: 'HARDWARE', korean: ['노트북', '랩탑'], english: ['laptop', 'laptops', 'notebook'] },
  { canonical: 'pc', category: 'HARDWARE', tech: true, korean: ['컴퓨터', '피씨', '데스크탑', '데스크톱'], english: ['pc', 'computer', 'desktop', 'workstation'] },
  { canonical: 'hardware', category: 'HARDWARE', korean: ['하드웨어', '헤드셋', '웹캠'], english: ['hardware', 'usb', 'headset', 'webcam'] },
  { canonical: 'phone', korean: ['전화', '전화기', '휴대폰', '핸드폰', '내선'], english: ['phone', 'telephone', 'mobile', 'handset', 'extension'] },
  { canonical: 'file', korean: ['파일', '첨부'], english: ['file', 'files', 'attachment', 'attachments'] },
  { canonical: 'folder', korean: ['폴더', '디렉토리', '디렉터리'], english: ['folder', 'folders', 'directory', 'directories'] },
  { canonical: 'share', korean: ['공유'], english: ['share', 'shared', 'sharing'] },
  { canonical: 'web', category: 'APPLICATION', korean: ['웹', '홈페이지', '웹사이트', '사이트', '웹페이지', '페이지', '포털'], english: ['web', 'website', 'site', 'webpage', 'page', 'portal', 'homepage'] },
  { canonical: 'app', category: 'APPLICATION', korean: ['앱', '어플', '애플리케이션', '어플리케이션', '프로그램', '응용프로그램', '소프트웨어'], english: ['app', 'apps', 'application', 'applications', 'program', 'software'] },
  { canonical: 'license', category: 'APPLICATION', korean: ['라이선스', '라이센스'], english: ['license', 'licence', 'licenses'] },
  { canonical: 'log', korean: ['로그'], english: ['log', 'logs', 'logging'] },
  { canonical: 'batch', korean: ['배치', '일배치', '야간배치'], english: ['batch', 'batches', 'cron'] },
  { canonical: 'query', category: 'DATABASE', korean: ['쿼리'], english: ['query', 'queries'] },
  { canonical: 'lookup', korean: ['조회'], english: ['lookup'] },
  { canonical: 'table', category: 'DATABASE', korean: ['테이블', '테이블스페이스'], english: ['table', 'tables', 'tablespace', 'tablespaces'] },
  { canonical: 'deadlock', category: 'DATABASE', tech: true, korean: ['데드락', '교착'], english: ['deadlock', 'deadlocks'] },
  { canonical: 'replication', category: 'DATABASE', korean: ['복제', '이중화'], english: ['replication', 'replica'] },
  { canonical: 'report', korean: ['보고서', '리포트'], english: ['report', 'reports'] },
  { canonical: 'payroll', korean: ['급여', '월급'], english: ['payroll', 'salary'] },
  { canonical: 'approval', category: 'APPLICATION', korean: ['결재', '전자결재', '승인'], english: ['approval', 'approvals', 'approve'] },
  { canonical: 'groupware', category: 'APPLICATION', korean: ['그룹웨어', '인트라넷'], english: ['groupware', 'intranet'] },
  { canonical: 'erp', category: 'APPLICATION', tech: true, korean: ['이알피'], english: ['erp', 'sap', 'crm'] },
  { canonical: 'messenger', category: 'APPLICATION', korean: ['메신저'], english: ['messenger', 'chat', 'teams', 'slack'] },
  { canonical: 'calendar', korean: ['일정', '캘린더', '달력'], english: ['calendar', 'schedule'] },
  { canonical: 'meeting', korean: ['회의실', '화상회의', '회의'], english: ['meeting', 'conference', 'zoom', 'webex'] },
  { canonical: 'power', korean: ['전원', '정전', '켜져', '켜지', '켜짐', '켰'], english: ['power', 'outlet'] },
  { canonical: 'battery', category: 'HARDWARE', korean: ['배터리', '충전기'], english: ['battery', 'charger'] },
  { canonical: 'firewall', category: 'SECURITY', tech: true, korean: ['방화벽'], english: ['firewall'] },
  { canonical: 'port', korean: ['포트'], english: ['port', 'ports'] },
  { canonical: 'ip', category: 'NETWORK', tech: true, korean: ['아이피'], english: ['ip', 'ipv4', 'ipv6'] },
  { canonical: 'dns', category: 'NETWORK', tech: true, korean: ['디엔에스', '도메인'], english: ['dns', 'domain', 'nameserver'] },
  { canonical: 'dhcp', category: 'NETWORK', tech: true, english: ['dhcp'] },
  { canonical: 'ssl', category: 'SECURITY', tech: true, english: ['ssl', 'tls', 'https'] },
  { canonical: 'vpn', category: 'NETWORK', tech: true, korean: ['브이피엔'], english: ['vpn'] },
  { canonical: 'ssh', tech: true, english: ['ssh', 'sftp'] },
  { canonical: 'ftp', tech: true, english: ['ftp'] },
  { canonical: 'api', tech: true, english: ['api', 'apis', 'endpoint', 'endpoints'] },
  { canonical: 'container', category: 'SERVER', tech: true, korean: ['컨테이너', '파드'], english: ['container', 'containers', 'pod', 'pods', 'docker'] },
  { canonical: 'kubernetes', category: 'SERVER', tech: true, korean: ['쿠버네티스'], english: ['kubernetes', 'k8s'] },
  { canonical: 'vm', category: 'SERVER', tech: true, korean: ['가상머신', '가상서버'], english: ['vm', 'vms', 'vmware', 'hypervisor'] },
  { canonical: 'nginx', category: 'SERVER', tech: true, korean: ['엔진엑스'], english: ['nginx'] },
  { canonical: 'apache', category: 'SERVER', tech: true, korean: ['아파치'], english: ['apache', 'httpd'] },
  { canonical: 'tomcat', category: 'SERVER', tech: true, korean: ['톰캣'], english: ['tomcat'] },
  { canonical: 'middleware', category: 'SERVER', tech: true, korean: ['미들웨어'], english: ['middleware', 'jboss', 'weblogic'] },
  { canonical: 'oracle', category: 'DATABASE', tech: true, korean: ['오라클'], english: ['oracle'] },
  { canonical: 'mysql', category: 'DATABASE', tech: true, english: ['mysql', 'mariadb'] },
  { canonical: 'postgresql', category: 'DATABASE', tech: true, korean: ['포스트그레스'], english: ['postgres', 'postgresql'] },
  { canonical: 'mssql', category: 'DATABASE', tech: true, english: ['mssql', 'sqlserver'] },
  { canonical: 'redis', tech: true, korean: ['레디스'], english: ['redis'] },
  { canonical: 'kafka', tech: true, korean: ['카프카'], english: ['kafka'] },
  { canonical: 'outlook', category: 'APPLICATION', tech: true, korean: ['아웃룩'], english: ['outlook'] },
  { canonical: 'excel', category: 'APPLICATION', tech: true, korean: ['엑셀'], english: ['excel'] },
  { canonical: 'office', category: 'APPLICATION', tech: true, korean: ['오피스', '워드', '파워포인트'], english: ['office', 'word', 'powerpoint', 'm365'] },
  { canonical: 'windows', tech: true, korean: ['윈도우', '윈도우즈', '윈도'], english: ['windows', 'win10', 'win11'] },
  { canonical: 'linux', category: 'SERVER', tech: true, korean: ['리눅스'], english: ['linux', 'ubuntu', 'centos', 'rhel'] },
  { canonical: 'chrome', category: 'APPLICATION', tech: true, korean: ['크롬'], english: ['chrome'] },
  { canonical: 'edge', category: 'APPLICATION', tech: true, korean: ['엣지'], english: ['edge'] },
  { canonical: 'browser', category: 'APPLICATION', tech: true, korean: ['브라우저'], english: ['browser', 'firefox'] },
  { canonical: 'jenkins', tech: true, korean: ['젠킨스'], english: ['jenkins'] },
  { canonical: 'git', tech: true, korean: ['깃'], english: ['git', 'github', 'gitlab'] },
  { canonical: 'nas', tech: true, korean: ['나스'], english: ['nas'] },
  { canonical: 'ad', category: 'ACCOUNT', tech: true, english: ['ldap', 'active-directory'] },
  { canonical: 'sso', category: 'ACCOUNT', tech: true, korean: ['통합인증'], english: ['sso', 'saml', 'oidc'] },
  { canonical: 'bsod', tech: true, korean: ['블루스크린'], english: ['bsod', 'bluescreen'] },
  { canonical: 'security', category: 'SECURITY', korean: ['보안'], english: ['security'] },
  { canonical: 'virus', category: 'SECURITY', korean: ['바이러스', '악성코드', '랜섬웨어'], english: ['virus', 'malware', 'ransomware', 'trojan'] },
  { canonical: 'phishing', category: 'SECURITY', korean: ['피싱', '스팸', '의심'], english: ['phishing', 'spam', 'suspicious'] },
  { canonical: 'hacking', category: 'SECURITY', korean: ['해킹', '침해', '유출'], english: ['hack', 'hacked', 'hacking', 'breach', 'intrusion'] },
  { canonical: 'encryption', category: 'SECURITY', korean: ['암호화'], english: ['encryption', 'encrypt', 'encrypted'] },
  { canonical: 'vulnerability', category: 'SECURITY', korean: ['취약점'], english: ['vulnerability', 'vulnerabilities', 'cve'] },
  { canonical: 'proxy', category: 'NETWORK', tech: true, korean: ['프록시'], english: ['proxy'] },
  { canonical: 'load-balancer', tech: true, korean: ['로드밸런서', '부하분산'], english: ['lb', 'loadbalancer', 'load-balancer', 'elb', 'alb'] },
  { canonical: 'router', category: 'NETWORK', tech: true, korean: ['라우터', '공유기', '스위치', '허브', '게이트웨이'], english: ['router', 'switch', 'hub', 'gateway'] },
  { canonical: 'backup-tape', korean: ['테이프'], english: ['tape'] },
  // ── technical terms written in both languages (a bilingual synonym table: 드라이버 = driver, 빌드 = build) ──
  { canonical: 'add', korean: ['추가'], english: ['add', 'adding', 'added'] },
  { canonical: 'driver', korean: ['드라이버'], english: ['driver', 'drivers'] },
  { canonical: 'build', korean: ['빌드'], english: ['build', 'builds'] },
  { canonical: 'rule', korean: ['규칙', '룰'], english: ['rule', 'rules'] },
  { canonical: 'policy', korean: ['정책'], english: ['policy', 'policies'] },
  { canonical: 'response', korean: ['응답', '반응'], english: ['response', 'responses', 'respond'] },
  { canonical: 'signal', korean: ['신호'], english: ['signal'] },
  { canonical: 'audio', korean: ['소리', '음성', '오디오', '스피커', '마이크', '들리', '들려', '들립'], english: ['audio', 'sound', 'speaker', 'speakers', 'microphone', 'mic'] },
  { canonical: 'invite', korean: ['초대', '초대장'], english: ['invite', 'invites', 'invitation', 'invitations', 'invited'] },
  { canonical: 'search', korean: ['검색'], english: ['search', 'searching', 'searches'] },
  { canonical: 'boot', korean: ['부팅', '부트'], english: ['boot', 'boots', 'booting', 'bootup'] },
  { canonical: 'paper', category: 'HARDWARE', korean: ['용지', '종이'], english: ['paper'] },
  { canonical: 'jam', weight: 1.5, korean: ['걸림', '끼임', '잼'], english: ['jam', 'jammed', 'jams', 'jamming'] },
  { canonical: 'repository', korean: ['저장소', '리포지토리', '레포'], english: ['repository', 'repositories', 'repo'] },
  { canonical: 'push', korean: ['푸시'], english: ['push', 'pushes', 'pushed', 'pushing'] },
  { canonical: 'queue', korean: ['큐', '대기열'], english: ['queue', 'queues', 'queued'] },
  { canonical: 'session', korean: ['세션'], english: ['session', 'sessions'] },
  { canonical: 'cache', korean: ['캐시'], english: ['cache', 'cached', 'caches'] },
  { canonical: 'token', korean: ['토큰'], english: ['token', 'tokens'] },
  { canonical: 'listener', category: 'DATABASE', korean: ['리스너'], english: ['listener'] },
  { canonical: 'payment', korean: ['결제', '지불'], english: ['payment', 'payments', 'billing'] },
  { canonical: 'order', korean: ['주문'], english: ['order', 'orders'] },
  { canonical: 'invoice', korean: ['청구서', '송장', '인보이스'], english: ['invoice', 'invoices'] },
  { canonical: 'input', korean: ['입력', '타이핑'], english: ['input', 'typing'] },
  { canonical: 'read', korean: ['읽기', '읽을'], english: ['read', 'reading'] },
  { canonical: 'write', korean: ['쓰기', '기록'], english: ['write', 'writing', 'writes'] },
  { canonical: 'video', korean: ['영상', '비디오', '카메라'], english: ['video', 'camera'] },
  // ── environments (kept: they tell problems apart and feed lesson mining) ──
  { canonical: 'prod', weight: 1.5, korean: ['운영', '운영환경', '상용'], english: ['prod', 'production', 'live'] },
  { canonical: 'stg', weight: 1.5, korean: ['스테이징', '검증환경'], english: ['stg', 'staging', 'stage'] },
  { canonical: 'dev', weight: 1.5, korean: ['개발', '개발환경'], english: ['dev', 'development'] },
];

/**
 * Keywords that cannot both be true of one problem: each group lists alternatives (a keyword
 * or several that mean one side); a text naming only one alternative and another naming only
 * another are about different problems however many words they share (recurrence and KB matching) — "메일 발송 실패" is not "메일 수신
 * 실패", a full disk is not full memory, a slow VPN is not a VPN that fails or drops.
 */
export const EXCLUSIVE_GROUPS: readonly (readonly (readonly string[])[])[] = [
  [['send'], ['receive']],
  [['upload'], ['download']],
  [['backup'], ['restore']],
  [['login'], ['logout']],
  [['install', 'create', 'add'], ['uninstall']],
  [['onboard'], ['offboard']],
  [['read'], ['write']],
  [['lock'], ['unlock']],
  [['cpu'], ['memory'], ['disk']],
  [['prod'], ['stg'], ['dev']],
  // Symptoms: what is wrong tells problems apart (fail is "does not work at all").
  [['fail'], ['slow'], ['disconnect'], ['crash'], ['full'], ['expire'], ['jam'], ['blank'], ['flicker'], ['garbled'], ['noise'], ['leak']],
];

/** Words that carry no meaning for telling requests apart (whole words, or stems after particles are stripped). */
export const KOREAN_STOPWORDS = [
  '안녕하세요', '감사합니다', '감사', '수고하세요', '문의', '문의드립니다', '요청', '요청드립니다', '확인', '부탁', '부탁드립니다',
  '부탁드려요', '드립니다', '드려요', '주세요', '해주세요', '알려주세요', '궁금', '궁금합니다', '안내', '내용',
  '현재', '오늘', '어제', '내일', '아침', '오전', '오후', '지금', '방금', '아까', '계속', '갑자기', '자꾸', '너무', '조금',
  '다시', '사용', '사용자', '사용중', '관련', '문제', '발생', '현상', '경우', '때문', '그리고', '그래서', '그런데', '또는', '혹시',
  '해당', '모든', '전체', '일부', '저희', '우리', '제가', '이번', '지난', '여러', '매번', '항상', '계속해서', '처리', '해결', '필요',
  '가능', '같습니다', '같아요', '있습니다', '없습니다', '있어요', '없어요', '있음', '없음', '있나요', '하나요', '되나요', '싶습니다',
  '합니다', '됩니다', '했습니다', '되었습니다', '됐습니다', '않습니다', '않아요', '해요', '돼요', '되요', '하는', '되는', '하고', '되고',
  '부분', '이후', '이전', '시간', '동안', '정도', '자주', '가끔', '직원', '담당자', '부서', '팀', '업무', '빠른', '빨리', '긴급',
  '급합니다', '시', '분', '초', '일', '번', '것', '수', '중', '때', '등', '및', '좀', '또', '더', '잘', '못', '안', '제', '저', '내',
  '시스템', '사내', '나옴', '나오', '나와', '나옵', '신규', '출근', '아무것', '다음', '다음달', '들어오', '들어와', '걸립니다',
  '걸려요', '경고', '메시지', '메세지', '뜹니다', '떠요', '뜸', '뜨는', '나옵니다', '나와요', '납니다', '나요', '인듯', '같음',
  '싶어', '싶습', '싶은', '싶다', '원합', '원해', '상태', '진행', '작업', '이상', '대해', '대한', '통해', '위해', '관하여', '전부',
  '모두', '하나', '다른', '같은', '새로', '포함',
];

export const ENGLISH_STOPWORDS = [
  'a', 'an', 'the', 'and', 'or', 'but', 'if', 'then', 'of', 'to', 'in', 'on', 'at', 'for', 'from', 'by', 'with', 'without',
  'is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', 'do', 'does', 'did', 'doing', 'done', 'have', 'has', 'had',
  'i', 'me', 'my', 'we', 'our', 'us', 'you', 'your', 'it', 'its', 'this', 'that', 'these', 'those', 'they', 'them',
  'their', 'he', 'she', 'his', 'her', 'there', 'here', 'what', 'which', 'who', 'when', 'where', 'why', 'can', 'could',
  'would', 'should', 'will', 'shall', 'may', 'might', 'must', 'not', 'no', 'nor', 'so', 'too', 'very', 'just', 'also',
  'please', 'pls', 'help', 'hi', 'hello', 'thanks', 'thank', 'regards', 'dear', 'team', 'issue', 'issues', 'problem',
  'problems', 'request', 'requests', 'ticket', 'question', 'today', 'yesterday', 'tomorrow', 'now', 'since', 'morning',
  'afternoon', 'evening', 'again', 'still', 'keep', 'keeps', 'kept', 'get', 'gets', 'getting', 'got', 'any', 'some', 'all',
  'every', 'user', 'users', 'system', 'systems', 'warning', 'warnings', 'show', 'shows', 'showing', 'shown', 'displayed',
  'appear', 'appears', 'someone', 'anyone', 'everyone', 'after', 'before', 'about', 'into', 'out', 'up', 'over', 'than',
  'as', 'while', 'because', 'anymore', 'seems', 'seem', 'like', 'need', 'needs', 'needed', 'want', 'wants', 'able', 'work',
  'works', 'working', 'worked', 'use', 'using', 'used', 'try', 'tried', 'trying', 'see', 'sees', 'saw', 'one', 'two', 'few',
  'many', 'much', 'more', 'most', 'other', 'same', 'new', 'urgent', 'asap', 'currently', 'suddenly', 'always', 'often',
  'sometimes', 'minutes', 'minute', 'hours', 'hour', 'day', 'days', 'week', 'weeks', 'time', 'times', 'message', 'says',
  'said', 'happen', 'happens', 'happened', 'happening', 'occur', 'occurs', 'occurred', 'anything', 'something', 'nothing',
  'going', 'go', 'goes', 'went', 'let', 'know', 'check', 'checked', 'checking', 'make', 'makes', 'made', 'take', 'takes',
  'each', 'both', 'whole', 'only', 'even', 'really', 'quite', 'during', 'though', 'although', 'correctly', 'repeatedly',
  'constantly', 'recently', 'randomly', 'frequently', 'properly', 'nightly', 'night', 'tonight', 'daily', 'weekly',
  'monthly', 'stay', 'stays', 'ask', 'asks', 'asked', 'asking', 'way', 'first', 'last', 'next', 'per', 'via', 'around',
  'within', 'almost', 'solution', 'steps', 'http', 'www', 'com', 't', 's', 've', 'm', 're', 'd',
];

/** Korean particles (조사), stripped from the end of a word. */
export const KOREAN_PARTICLES = [
  '에서부터', '으로부터', '에서는', '에서도', '에서의', '으로는', '으로도', '에게서', '한테서', '이라도', '에서', '에게', '에는',
  '에도', '으로', '로는', '로도', '까지', '부터', '한테', '께서', '이나', '이랑', '이며', '이고', '처럼', '보다', '마다', '밖에',
  '만큼', '라도', '조차', '이요', '에', '로', '와', '과', '은', '는', '이', '가', '을', '를', '의', '도', '만', '나', '랑', '요',
];

/** Korean verb and adjective endings (어미): what follows a stem such as 접속/설치. */
export const KOREAN_ENDINGS = [
  '되었습니다', '하였습니다', '되어있습니다', '되어있어요', '되지않습니다', '하지않습니다', '했었습니다', '하겠습니다',
  '되겠습니다', '해주십시오', '해주시기', '해주세요', '해주십시요', '되었어요', '하였어요', '했습니다', '됐습니다', '합니다',
  '됩니다', '습니다', '입니다', '았습니다', '었습니다', '였습니다', '했어요', '됐어요', '하세요', '되네요', '하네요', '되는데',
  '하는데', '하려고', '되려고', '하려면', '되려면', '했는데', '됐는데', '하나요', '되나요', '할까요', '인가요', '되어서', '하여서',
  '해서', '돼서', '되어', '하여', '해야', '돼야', '되면', '하면', '하니', '되니', '하지', '되지', '하고', '되고', '하는', '되는',
  '했음', '됐음', '해요', '돼요', '되요', '하다', '되다', '거려요', '거립니다', '거려', '거림', '거리고', '주세요', '한', '된', '할',
  '될', '함', '됨', '해', '돼', '되', '하', '음', '임', '니다', '네요', '어요', '아요', '어서', '아서', '는데',
  // adjective-forming: 의심스러운 → 의심
  '스러운', '스러워요', '스럽습니다', '스럽',
];
