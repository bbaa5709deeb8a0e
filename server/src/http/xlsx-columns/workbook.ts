import ExcelJS from 'exceljs'
import type { Worksheet } from 'exceljs'
import type { ColumnMappings, HeaderLayout, HeaderMatcher } from './header.js'
import { findHeader, guessHeader } from './header.js'

/** Old .xls files and password-protected .xlsx are OLE compound files, which exceljs cannot open. */
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])

/** An uploaded .xlsx opened, or the message a clerk sees when it cannot be. */
export async function loadWorkbook(file: Buffer): Promise<{ workbook: ExcelJS.Workbook } | { message: string }> {
  if (file.subarray(0, OLE_SIGNATURE.length).equals(OLE_SIGNATURE)) {
    return { message: '这是旧版 .xls 文件或加密的文件：请在 Excel 中取消密码并“另存为” .xlsx 格式后再导入' }
  }
  const workbook = new ExcelJS.Workbook()
  try {
    // exceljs types its input as its own Buffer interface; a Node Buffer is what it reads at runtime.
    await workbook.xlsx.load(file as unknown as Parameters<typeof workbook.xlsx.load>[0])
  } catch {
    return { message: '无法读取该文件：请上传 Excel 的 .xlsx 文件' }
  }
  return { workbook }
}

/**
 * The sheet holding the table and its header: hidden sheets often hold drop-down lists, so visible sheets
 * come first. When no header names enough columns, the first visible sheet's first row of texts, for the
 * user to say what its columns are.
 */
export function findTable<F extends string>(sheets: Worksheet[], matcher: HeaderMatcher<F>, mappings: ColumnMappings<F>): { sheet: Worksheet; header: HeaderLayout<F> } | null {
  const ordered = [...sheets.filter((sheet) => sheet.state === 'visible'), ...sheets.filter((sheet) => sheet.state !== 'visible')]
  for (const sheet of ordered) {
    const header = findHeader(sheet, matcher, mappings)
    if (header) return { sheet, header }
  }
  const sheet = sheets.find((candidate) => candidate.state === 'visible') ?? sheets[0]
  const header = sheet ? guessHeader(sheet, matcher, mappings) : null
  return sheet && header ? { sheet, header } : null
}
