// The vocabulary (data, not code): the concept table (concepts.ts, re-exported here) and the word
// lists around it — the exclusive groups, stopwords, and Korean particles and endings. Readers
// import this file; keywords.ts builds its indexes from it (lexicon-index.ts).
export { CONCEPTS, type Concept, type ConceptCategory } from './concepts.js';

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
  // Operations on a system: a restart is not a patch, a deployment or a migration.
  [['restart'], ['patch'], ['deploy'], ['migration']],
  // Business records: an order problem is not an invoice, payment or payroll problem.
  [['order'], ['invoice'], ['payment'], ['payroll']],
  // Named applications: a problem with one is not a problem with another.
  [['erp'], ['groupware'], ['messenger'], ['outlook'], ['excel'], ['chrome'], ['edge']],
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
  '모두', '하나', '다른', '같은', '새로', '포함', '있는', '없는', '거의', '동일', '아무', '서비스',
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
  'within', 'almost', 'solution', 'steps', 'http', 'www', 'com', 'service', 'services', 't', 's', 've', 'm', 're', 'd',
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
  '인데요', '인데', '용으로', '용도로',
];
