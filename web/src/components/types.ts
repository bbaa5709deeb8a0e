export interface SelectOption {
  value: string
  label: string
}

/** One filter above a list; labels are already translated. */
export type SearchField =
  | {
      kind: 'input'
      field: string
      label: string
      placeholder?: string
      /** Room for a long placeholder, such as the several ways of finding an elder. */
      wide?: boolean
    }
  | { kind: 'select'; field: string; label: string; options: SelectOption[]; allowCreate?: boolean }
  | { kind: 'date-range'; field: string; toField: string; label: string; startPlaceholder: string; endPlaceholder: string }

/** Filter values by field name; an empty string means "no filter". */
export type SearchModel = Record<string, string>

/** One table column; a column with `slot` is rendered by the page through the slot of that name. */
export interface TableColumn<T> {
  key: string
  label: string
  prop?: Extract<keyof T, string>
  width?: number
  minWidth?: number
  fixed?: 'left' | 'right'
  formatter?: (row: T) => string
  slot?: string
  /**
   * Shown in the row's detail (opened by ▸) instead of as a column: `always`, or `narrow` below 1200 px
   * (a tablet). The columns a user needs first stay in view and the fixed 操作 column covers nothing.
   */
  collapse?: 'always' | 'narrow'
}
