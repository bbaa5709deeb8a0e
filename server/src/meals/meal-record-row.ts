import type { schema } from '@eldercare/db'

/**
 * A meal record as stored and as inserted. The row types live apart from the repository so that the insert
 * helpers the repository uses (meal-rows-insert, meal-group-insert) need not import the repository back.
 */
export type MealRecordRow = typeof schema.mealRecords.$inferSelect
export type MealRecordInsert = typeof schema.mealRecords.$inferInsert
