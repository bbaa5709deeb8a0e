import { sql } from 'drizzle-orm'
import { check, date, foreignKey, index, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { facilities } from './facilities.js'
import { regions } from './regions.js'
import { tenants } from './tenants.js'
import { users } from './users.js'

/**
 * The roster. The 身份证号 is never stored in clear: AES-256-GCM ciphertext for reveal, an HMAC for
 * exact lookup and uniqueness, and the last four characters (shown in the masked form anyway) for search.
 */
export const elders = pgTable(
  'elders',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    id: uuid().notNull(),
    idNumberEncrypted: text().notNull(),
    idNumberHash: text().notNull(),
    idNumberTail: text().notNull(),
    /** Region code (first 6 digits) of the number: with the tail it makes the masked form without decrypting. */
    idNumberHead: text().notNull(),
    name: text().notNull(),
    /** Pinyin initials of the name (张三 → zs) for the counter's quick search. */
    nameInitials: text().notNull(),
    gender: text({ enum: ['male', 'female'] }).notNull(),
    birthDate: date({ mode: 'string' }).notNull(),
    phoneEncrypted: text(),
    phoneHash: text(),
    communityCode: text().notNull(),
    /** The status in force today: the latest row of `elder_status_history`, kept with it in one transaction. */
    status: text({ enum: ['active', 'moved_away', 'in_institution', 'deceased'] }).notNull().default('active'),
    deceasedOn: date({ mode: 'string' }),
    dietaryNotes: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique().on(t.tenantId, t.idNumberHash),
    foreignKey({ columns: [t.tenantId, t.communityCode], foreignColumns: [regions.tenantId, regions.code] }),
    check('elders_deceased_has_date', sql`(${t.status} = 'deceased') = (${t.deceasedOn} is not null)`),
    index().on(t.tenantId, t.communityCode),
    index().on(t.tenantId, t.idNumberTail),
    index().on(t.tenantId, t.nameInitials),
    index().on(t.tenantId, t.phoneHash),
    index().on(t.tenantId, t.name),
  ],
)

/** 人员类别 with the period it applies; 高龄 is derived from the birth date and not stored. */
export const elderCategories = pgTable(
  'elder_categories',
  {
    tenantId: uuid().notNull(),
    id: uuid().notNull(),
    elderId: uuid().notNull(),
    category: text({
      enum: ['destitute', 'minimum_livelihood', 'marginal_low_income', 'disabled', 'living_alone', 'family_planning_special', 'key_entitled'],
    }).notNull(),
    level: text({ enum: ['mild', 'moderate', 'severe'] }),
    startOn: date({ mode: 'string' }).notNull(),
    endOn: date({ mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.elderId], foreignColumns: [elders.tenantId, elders.id] }).onDelete('cascade'),
    check('elder_categories_valid_range', sql`${t.endOn} is null or ${t.endOn} >= ${t.startOn}`),
    index().on(t.tenantId, t.elderId),
    index().on(t.tenantId, t.category),
  ],
)

/** 代领人: people an elder lets collect meals, with the date of consent. */
export const elderPickupDelegates = pgTable(
  'elder_pickup_delegates',
  {
    tenantId: uuid().notNull(),
    id: uuid().notNull(),
    elderId: uuid().notNull(),
    name: text().notNull(),
    relation: text().notNull(),
    phoneEncrypted: text(),
    consentOn: date({ mode: 'string' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.elderId], foreignColumns: [elders.tenantId, elders.id] }).onDelete('cascade'),
    index().on(t.tenantId, t.elderId),
  ],
)

/**
 * An elder's status over time: each row holds from `effectiveFrom` until the next row's day (the latest
 * `effectiveFrom`, then the latest `recordedAt`, wins a day). `institutionId` says where an elder
 * `in_institution` lives; rows migrated from before the history have none. `recordedBy` is null for rows
 * the system wrote (the migration). Before its first row (or with none) an elder is 在册 (active).
 */
export const elderStatusHistory = pgTable(
  'elder_status_history',
  {
    tenantId: uuid().notNull(),
    id: uuid().notNull(),
    elderId: uuid().notNull(),
    status: text({ enum: ['active', 'moved_away', 'in_institution', 'deceased'] }).notNull(),
    institutionId: uuid(),
    effectiveFrom: date({ mode: 'string' }).notNull(),
    /** Where the change came from: the elder form or API, the roster import, the migration that started the history. */
    source: text({ enum: ['form', 'import', 'migration'] }).notNull(),
    recordedBy: uuid(),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.elderId], foreignColumns: [elders.tenantId, elders.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.institutionId], foreignColumns: [facilities.tenantId, facilities.id] }),
    foreignKey({ columns: [t.tenantId, t.recordedBy], foreignColumns: [users.tenantId, users.id] }),
    check('elder_status_history_institution', sql`${t.institutionId} is null or ${t.status} = 'in_institution'`),
    index().on(t.tenantId, t.elderId, t.effectiveFrom),
    index().on(t.tenantId, t.status),
  ],
)

/**
 * 有集中供养需求: periods in which town staff recorded that an elder needs concentrated care (集中供养),
 * `validTo` the first day without it (null: still needed).
 */
export const elderCareNeeds = pgTable(
  'elder_care_needs',
  {
    tenantId: uuid().notNull(),
    id: uuid().notNull(),
    elderId: uuid().notNull(),
    validFrom: date({ mode: 'string' }).notNull(),
    validTo: date({ mode: 'string' }),
    recordedBy: uuid(),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.elderId], foreignColumns: [elders.tenantId, elders.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.recordedBy], foreignColumns: [users.tenantId, users.id] }),
    check('elder_care_needs_valid_range', sql`${t.validTo} is null or ${t.validTo} > ${t.validFrom}`),
    index().on(t.tenantId, t.elderId),
  ],
)

/**
 * What a header text means in a tenant's imports, as a user said it when the import could not tell:
 * the next file with the same header is read without asking again.
 */
export const importColumnMappings = pgTable(
  'import_column_mappings',
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    /** `roster` (老年人名册); other imports may keep theirs here too. */
    kind: text().notNull(),
    /** The header as `headerKey` reduces it: no spaces, half-width brackets, no required marks. */
    headerKey: text().notNull(),
    /** The header as the user's file wrote it, shown back to them. */
    header: text().notNull(),
    field: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.kind, t.headerKey] })],
)
