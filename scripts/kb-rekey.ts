// npx tsx scripts/kb-rekey.ts — recomputes KbArticle.keywords of every article from its title, body
// and tags with the current vocabulary (src/modules/language). Stored keywords are only computed on
// create and publish, so run this once after the lexicon changes its canonical words; idempotent.
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { articleKeywords } from '../src/modules/itsm/kb-match.js';

const BATCH = 200;
const config = loadConfig();
const database = await openDatabase(config, { migrate: true });
const db = database.prisma;
try {
  let changed = 0;
  let seen = 0;
  for (let after: string | undefined; ; ) {
    const articles = await db.kbArticle.findMany({
      select: { id: true, title: true, body: true, tags: true, keywords: true },
      orderBy: { id: 'asc' },
      take: BATCH,
      ...(after ? { cursor: { id: after }, skip: 1 } : {}),
    });
    if (articles.length === 0) break;
    for (const article of articles) {
      const keywords = articleKeywords(article.title, article.body, article.tags);
      if (keywords.join(' ') !== article.keywords.join(' ')) {
        await db.kbArticle.update({ where: { id: article.id }, data: { keywords } });
        changed++;
      }
    }
    seen += articles.length;
    after = articles.at(-1)!.id;
  }
  console.log(`KB articles: ${seen} read, ${changed} with new keywords`);
} finally {
  await database.close();
}
