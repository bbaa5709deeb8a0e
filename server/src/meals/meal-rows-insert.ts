import { schema, type Executor } from '@eldercare/db'
import { getTableColumns, sql, type Placeholder, type SQL } from 'drizzle-orm'

import type { MealRecordInsert, MealRecordRow } from './meals.repository.js'

const { mealRecords } = schema

/** A column a new meal brings: its PostgreSQL type and how to read it off a row. */
interface Carried {
  type: string
  value(row: MealRecordInsert): unknown
  /** SQL used when the row leaves the value out (null). */
  fallback?: string
}

const carried = (type: string, value: Carried['value'], fallback?: string): Carried => ({ type, value, fallback })

/**
 * Every column of a meal record as a new meal fills it: carried in the rows' JSON, or set by SQL.
 * Keyed by the table's columns, so a column added to the table does not compile until it is here.
 */
const NEW_MEAL: Record<keyof MealRecordRow, Carried | SQL> = {
  tenantId: carried('uuid', (row) => row.tenantId),
  id: carried('uuid', (row) => row.id),
  elderId: carried('uuid', (row) => row.elderId),
  facilityId: carried('uuid', (row) => row.facilityId),
  servedOn: carried('date', (row) => row.servedOn),
  slot: carried('text', (row) => row.slot),
  mode: carried('text', (row) => row.mode),
  priceFen: carried('integer', (row) => row.priceFen),
  subsidyFen: carried('integer', (row) => row.subsidyFen),
  selfPayFen: carried('integer', (row) => row.selfPayFen),
  paymentMethod: carried('text', (row) => row.paymentMethod),
  subsidised: carried('boolean', (row) => row.subsidised),
  subsidySeq: carried('smallint', (row) => row.subsidySeq ?? null),
  subsidyRuleIds: carried('uuid[]', (row) => row.subsidyRuleIds ?? []),
  collectedByDelegateId: carried('uuid', (row) => row.collectedByDelegateId ?? null),
  contentHash: carried('text', (row) => row.contentHash),
  recordedBy: carried('uuid', (row) => row.recordedBy),
  recordedByName: carried('text', (row) => row.recordedByName),
  // An offline counter's meal carries the device's time; a meal recorded online is recorded now.
  recordedAt: carried('timestamptz', (row) => row.recordedAt?.toISOString() ?? null, 'now()'),
  syncedAt: sql`now()`,
  syncedBy: carried('uuid', (row) => row.syncedBy ?? null),
  deviceId: carried('uuid', (row) => row.deviceId ?? null),
  deviceSeq: carried('integer', (row) => row.deviceSeq ?? null),
  selfPayDueFen: carried('integer', (row) => row.selfPayDueFen ?? null),
  voidedAt: sql`null`,
  voidReason: sql`null`,
  voidedBy: sql`null`,
}

const columns = Object.entries(getTableColumns(mealRecords)) as [keyof MealRecordRow, { name: string }][]
const isCarried = (source: Carried | SQL): source is Carried => 'type' in source && typeof source.type === 'string'
const carriedColumns = columns.flatMap(([key, column]) => {
  const source = NEW_MEAL[key]
  return isCarried(source) ? [{ name: column.name, source }] : []
})
/** The statement's text, the same for any number of rows. */
const selectList = sql.join(
  columns.map(([key, column]) => {
    const source = NEW_MEAL[key]
    if (!isCarried(source)) return source
    const value = sql`u.${sql.identifier(column.name)}`
    return source.fallback ? sql`coalesce(${value}, ${sql.raw(source.fallback)})` : value
  }),
  sql`, `,
)
const recordType = sql.raw(carriedColumns.map(({ name, source }) => `"${name}" ${source.type}`).join(', '))

const insertStatement = (exec: Executor, rowsJson: Placeholder | string) =>
  exec
    .insert(mealRecords)
    .select(sql`select ${selectList} from jsonb_to_recordset(${rowsJson}::jsonb) as u(${recordType})`)
    .onConflictDoNothing()
    .returning({ id: mealRecords.id, recordedAt: mealRecords.recordedAt, syncedAt: mealRecords.syncedAt })

/**
 * Inserts many meals in one statement whose text is the same for any number of rows: the rows travel
 * as one JSON parameter that PostgreSQL turns back into typed rows. A multi-row VALUES list has 18
 * parameters per meal, which PostgreSQL parses and plans anew for every batch size and the client
 * encodes one by one.
 * Rows that conflict (an id already stored, a subsidised number already taken) are skipped.
 *
 * Outside a transaction the statement is prepared: an unprepared statement with parameters costs
 * postgres.js a second round trip, to learn the parameters' types, on every call.
 */
export function mealRowsInsert(db: Executor) {
  const prepared = insertStatement(db, sql.placeholder('rows')).prepare('insert_meal_rows')

  return async function insertMealRows(rows: MealRecordInsert[], exec: Executor = db): Promise<Map<string, MealRecordRow>> {
    const json = JSON.stringify(
      rows.map((row) => {
        // A plain loop: Object.fromEntries made a pair array per column, twice the time for 500 rows.
        const carriedRow: Record<string, unknown> = {}
        for (const { name, source } of carriedColumns) carriedRow[name] = source.value(row)
        return carriedRow
      }),
    )
    const inserted = exec === db ? await prepared.execute({ rows: json }) : await insertStatement(exec, json)
    const times = new Map(inserted.map((row) => [row.id, row]))
    const stored = new Map<string, MealRecordRow>()
    for (const row of rows) {
      const at = times.get(row.id)
      if (!at) continue
      stored.set(row.id, {
        ...row,
        syncedBy: row.syncedBy ?? null,
        deviceId: row.deviceId ?? null,
        deviceSeq: row.deviceSeq ?? null,
        selfPayDueFen: row.selfPayDueFen ?? null,
        syncedAt: at.syncedAt,
        subsidySeq: row.subsidySeq ?? null,
        subsidyRuleIds: row.subsidyRuleIds ?? [],
        collectedByDelegateId: row.collectedByDelegateId ?? null,
        recordedAt: at.recordedAt,
        voidedAt: null,
        voidReason: null,
        voidedBy: null,
      })
    }
    return stored
  }
}
