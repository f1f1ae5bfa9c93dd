import { asc, sql } from 'drizzle-orm'
import type { NewCorrection } from '../domain/model.js'
import type { CorrectionRepo } from '../domain/ports.js'
import type { Db } from './database.js'
import { corrections } from './schema.js'

/** Category corrections, kept for the classifier to learn from. */
export function createCorrectionRepo(db: Db): CorrectionRepo {
  const insert = db
    .insert(corrections)
    .values({
      caseId: sql.placeholder('caseId'),
      text: sql.placeholder('text'),
      fromCategory: sql.placeholder('fromCategory'),
      toCategory: sql.placeholder('toCategory'),
      actorId: sql.placeholder('actorId'),
      actorName: sql.placeholder('actorName'),
      source: sql.placeholder('source'),
      createdAt: sql.placeholder('createdAt'),
    })
    .prepare()
  return {
    add(c: NewCorrection): void {
      insert.run({ ...c })
    },

    /** One row per case, its latest correction, oldest first. */
    all() {
      return db
        .select({ text: corrections.text, category: corrections.toCategory, at: corrections.createdAt })
        .from(corrections)
        .where(
          sql`not exists (select 1 from ${corrections} later where later.case_id = ${corrections.caseId} and later.id > ${corrections.id})`,
        )
        .orderBy(asc(corrections.createdAt), asc(corrections.id))
        .all()
    },
  }
}
