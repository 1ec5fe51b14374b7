/** A Date as the UTC wall-clock text our `timestamp(3)` columns hold (Prisma stores UTC), for raw SQL. */
export function utc(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
