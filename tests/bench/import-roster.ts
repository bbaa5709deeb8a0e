import { uuidv7 } from '@eldercare/db'
import { idNumberCheckChar } from '@eldercare/shared'
import ExcelJS from 'exceljs'
import { identityColumns, nameInitials, phoneColumns } from '../../server/src/elders/elder-identity.js'
import { as, createTestApp, seedTenant, signIn } from '../../server/test/helper.js'

const ROWS = 20_000
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

interface Person {
  name: string
  idNumber: string
  phone: string
  communityCode: string
}

function people(code: string): Person[] {
  const communities = [`${code}001001`, `${code}001200`, `${code}100200`]
  return Array.from({ length: ROWS }, (_, i) => {
    const birth = new Date(Date.UTC(1930, 0, 1) + (i % 9000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '')
    const first17 = `330902${birth}${String(100 + Math.floor(i / 9000) * 2 + (i % 2)).padStart(3, '0')}`
    return { name: `老人${i}`, idNumber: first17 + idNumberCheckChar(first17), phone: `138${String(i).padStart(8, '0')}`, communityCode: communities[i % 3]! }
  })
}

async function rosterFile(rows: Person[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('花名册')
  sheet.addRow(['定海区老年人花名册'])
  sheet.mergeCells('A1:E1')
  sheet.addRow(['姓名', '身份证号', '联系电话', '社区代码', '人员类别'])
  rows.forEach((row, i) => sheet.addRow([row.name, row.idNumber, row.phone, row.communityCode, i % 10 === 0 ? '低保' : '']))
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now()
  const result = await work()
  return [result, (performance.now() - started) / 1000]
}

/** 20,000-row roster import through the API, beside a raw multi-row INSERT of the same rows into the same database. */
export async function run(): Promise<void> {
  const test = await createTestApp()
  try {
    const { app, database } = test
    await seedTenant(app, '330902')
    const other = await seedTenant(app, '330903')
    const token = (await signIn(app, '330902', 'bureau_admin')).accessToken
    const request = as(app, token)
    const file = await rosterFile(people('330902'))

    // Baseline: the same elders, encrypted beforehand (not timed), inserted 1,000 rows per statement into another tenant.
    const rows = people('330903').map((person) => ({
      tenantId: other.tenantId,
      id: uuidv7(),
      ...identityColumns(person.idNumber, app.pii),
      ...phoneColumns(person.phone, app.pii),
      name: person.name,
      nameInitials: nameInitials(person.name),
        communityCode: person.communityCode,
    }))
    const [, baseline] = await timed(() => app.db.transaction((tx) => app.eldersRepository.upsertMany(rows, tx)))

    const send = (dryRun: boolean) =>
      request({ method: 'POST', url: `/api/v1/elders/import?dryRun=${dryRun}`, payload: file, headers: { 'content-type': XLSX } })
    const [dry, dryTime] = await timed(() => send(true))
    const [first, importTime] = await timed(() => send(false))
    const [again, reimportTime] = await timed(() => send(false))
    for (const response of [dry, first, again]) if (response.statusCode !== 200) throw new Error(response.body)
    if (first.json().created !== ROWS || again.json().updated !== ROWS) throw new Error('unexpected import counts')

    const perSecond = (seconds: number) => Math.round(ROWS / seconds).toLocaleString('en-US')
    const line = (label: string, seconds: number) =>
      console.log(`${label.padEnd(44)} ${seconds.toFixed(2).padStart(7)} s ${perSecond(seconds).padStart(9)} rows/s   ×${(seconds / baseline).toFixed(1)} baseline`)
    console.log(`roster import, ${ROWS.toLocaleString('en-US')} rows (${(file.length / 1024).toFixed(0)} KiB .xlsx), database: ${database.driver}`)
    line('baseline: multi-row INSERT only (1,000/stmt)', baseline)
    line('import dry run (parse, resolve, match)', dryTime)
    line('import commit, all new', importTime)
    line('re-import, all updated', reimportTime)
  } finally {
    await test.close()
  }
}
