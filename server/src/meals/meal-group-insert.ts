import type { Executor } from '@eldercare/db'
import DataLoader from 'dataloader'
import { retryOnConflict } from '../http/postgres-errors.js'
import type { MealRecordInsert, MealRecordRow } from './meal-record-row.js'

type InsertNew = (rows: MealRecordInsert[], exec: Executor) => Promise<Map<string, MealRecordRow>>

/**
 * Group commit for meals recorded one at a time. The meals that concurrent requests insert in the
 * same turn of the event loop go to the database as one statement, so they share one commit and its
 * flush to disk, which each single-row insert otherwise waits for on its own. Every request still
 * answers only after its meal is committed; alone, a meal is inserted as before, with no waiting.
 *
 * Each row comes back as stored, or null when the database skipped it (its id was already used, or
 * its subsidised number was taken), exactly as a one-row insert would say, for the caller to look at.
 */
export function mealGroupInsert(insertNew: InsertNew, db: Executor) {
  const loader = new DataLoader<MealRecordInsert, MealRecordRow | null>(
    async (rows) => {
      try {
        const stored = await retryOnConflict(() => insertNew([...rows], db))
        // Two requests with the same id in one group: the first one created it, the other one is a retry.
        const answered = new Set<string>()
        return rows.map((row) => {
          if (answered.has(row.id)) return null
          answered.add(row.id)
          return stored.get(row.id) ?? null
        })
      } catch (error) {
        if (rows.length === 1) return [error as Error]
        // A row the database refuses must not fail the meals grouped with it: each one goes alone.
        return Promise.all(rows.map((row) => insertNew([row], db).then((stored) => stored.get(row.id) ?? null, (rowError: Error) => rowError)))
      }
    },
    { cache: false, maxBatchSize: 500 },
  )
  return (row: MealRecordInsert): Promise<MealRecordRow | null> => loader.load(row)
}
