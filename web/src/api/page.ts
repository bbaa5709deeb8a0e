/** `{ items, total }`: the shape of every list the API answers. */
export interface Page<T> {
  items: T[]
  total: number
}
