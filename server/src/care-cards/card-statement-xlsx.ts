import type { CardTotals, CareCard, LedgerKind } from '@eldercare/shared'
import ExcelJS from 'exceljs'
import { writeHeader, writeTitle } from '../http/xlsx-sheet.js'
import type { LedgerEntryRow } from './care-cards.repository.js'

export const LEDGER_KIND_LABELS: Record<LedgerKind, string> = {
  allowance: '发放补贴',
  top_up: '充值',
  meal_payment: '助餐扣款',
  service_payment: '服务扣款',
  refund: '退款',
  expiry: '到期清零',
  transfer_out: '补卡转出',
  transfer_in: '补卡转入',
  cancellation: '注销结清',
  recovery: '追回补贴',
}

const MONEY = '#,##0.00'

/** A card's history with the balance after every movement, as the card holder's family asks for it. */
export async function writeCardStatementXlsx(card: CareCard, entries: LedgerEntryRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('爱心卡流水')
  sheet.columns = [{ width: 20 }, { width: 12 }, { width: 10 }, { width: 14 }, { width: 14 }, { width: 30 }]
  writeTitle(sheet, `养老服务爱心卡流水（${card.cardNo} ${card.elderName}）`, 6)
  sheet.addRow(['身份证号', card.idNumberMasked, '状态', card.status, '当前余额（元）', card.balanceFen / 100])
  writeHeader(sheet, ['时间', '类型', '钱包', '金额（元）', '余额（元）', '备注'])
  for (const entry of entries) {
    const row = sheet.addRow([
      entry.createdAt.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }),
      LEDGER_KIND_LABELS[entry.kind],
      entry.purse,
      entry.amountFen / 100,
      entry.balanceAfterFen / 100,
      entry.note ?? '',
    ])
    row.getCell(4).numFmt = MONEY
    row.getCell(5).numFmt = MONEY
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** The district's card money of a month by kind of movement. */
export async function writeCardTotalsXlsx(totals: CardTotals, districtName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('爱心卡月度汇总')
  sheet.columns = [{ width: 16 }, { width: 12 }, { width: 16 }]
  writeTitle(sheet, `${districtName}养老服务爱心卡月度汇总（${totals.month}）`, 3)
  sheet.addRow(['持卡数', totals.cards, ''])
  sheet.addRow(['正常使用', totals.activeCards, ''])
  const balance = sheet.addRow(['当前总余额（元）', totals.balanceFen / 100, ''])
  balance.getCell(2).numFmt = MONEY
  sheet.addRow([])
  writeHeader(sheet, ['类型', '笔数', '金额（元）'])
  for (const kind of totals.byKind) {
    const row = sheet.addRow([LEDGER_KIND_LABELS[kind.kind], kind.entries, kind.amountFen / 100])
    row.getCell(3).numFmt = MONEY
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
