import type { DisabilityLevel, ElderCategory, ElderStatus, Gender, ImportColumnsNeeded } from '@eldercare/shared'

/**
 * One problem found in a roster file. `line` is the row number Excel shows (1-based); 0 means the
 * file as a whole (unreadable, no header). `column` is the header text as written in the file.
 */
export interface RosterIssue {
  line: number
  column: string | null
  message: string
}

export interface RosterCategoryEntry {
  category: ElderCategory
  /** Only `disabled` carries a level, and may leave it open. */
  level: DisabilityLevel | null
  startOn: string | null
}

export interface RosterDelegate {
  name: string
  relation: string | null
  phone: string | null
}

/** An elder read from a row without any issue. Dates are `YYYY-MM-DD`. */
export interface RosterRow {
  line: number
  name: string
  /** 18 characters, upper-case X, checksum verified. */
  idNumber: string
  gender: Gender
  /** Taken from the 身份证号, which is the authority over a 出生日期 column. */
  birthDate: string
  /** `13812345678` or `0580-2021234`. */
  phone: string | null
  communityName: string | null
  /** 12-digit statistical division code. */
  communityCode: string | null
  categories: RosterCategoryEntry[]
  status: ElderStatus
  deceasedOn: string | null
  dietaryNotes: string | null
  delegate: RosterDelegate | null
}

export interface RosterParseResult {
  /** First row of the header as Excel numbers it; 0 when no header was found. */
  headerRow: number
  rows: RosterRow[]
  issues: RosterIssue[]
  /** A required column could not be told: what the file shows, for the user to say which it is. */
  columnsNeeded?: ImportColumnsNeeded
}

/**
 * One elder as the export prints it. Values arrive ready to print: the caller decides whether the
 * 身份证号 and phones are masked, and passes Chinese labels (see `labels.ts`).
 */
export interface RosterExportRow {
  name: string
  idNumber: string
  /** 男 / 女. */
  gender: string | null
  birthDate: string | null
  age: number | null
  phone: string | null
  townName: string | null
  communityName: string | null
  communityCode: string | null
  /** Chinese labels joined with 、, e.g. `特困、失能、高龄`. */
  categories: string | null
  disabilityLevel: string | null
  status: string | null
  /** Printed so that a 死亡 row can be imported again; optional for callers that do not track it. */
  deceasedOn?: string | null
  dietaryNotes: string | null
  delegateName: string | null
  delegateRelation: string | null
  delegatePhone: string | null
}
