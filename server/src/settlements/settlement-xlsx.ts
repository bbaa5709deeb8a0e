import type { Settlement } from '@eldercare/shared'
import ExcelJS from 'exceljs'
import { shanghaiToday } from '../http/dates.js'
import { MODE_NAMES, SLOT_NAMES } from '../meals/meal-labels.js'

const PAYMENT = { cash: '现金', wechat: '微信', alipay: '支付宝', care_card: '爱心卡', free: '免费' } as const
const STATUS = { draft: '草稿', submitted: '已提交', town_approved: '镇街审核通过', approved: '区民政局审批通过', returned: '已退回' } as const

const CHECK_KINDS = { after_death: '死亡后仍享受', after_move: '迁出或入住机构后仍享受', two_places: '同日异地就餐', delegate_heavy: '代领比例异常', external_list: '死亡或注销名单比对' } as const

const yuan = (fen: number) => fen / 100
const MONEY = '#,##0.00'
const thin = { style: 'thin' as const }
const BORDER = { top: thin, left: thin, bottom: thin, right: thin }

/** The monthly statement as bureaus print it: title, figures by slot and mode, by payment, and a signature block. */
export async function writeSettlementXlsx(settlement: Settlement, districtName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('助餐结算单', { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1 } })
  sheet.columns = [{ width: 14 }, { width: 14 }, { width: 12 }, { width: 18 }, { width: 18 }]

  sheet.mergeCells('A1:E1')
  sheet.getCell('A1').value = `${districtName}老年助餐服务补贴结算单`
  sheet.getCell('A1').font = { bold: true, size: 16 }
  sheet.getCell('A1').alignment = { horizontal: 'center' }
  sheet.addRow([])
  sheet.addRow(['助餐点', settlement.facilityName, '', '结算月份', settlement.month])
  sheet.addRow(['状态', STATUS[settlement.status], '', '合计份数', settlement.totals.meals])
  sheet.addRow([])

  const table = (header: string[], rows: (string | number)[][], moneyColumns: number[]) => {
    const head = sheet.addRow(header)
    head.font = { bold: true }
    head.eachCell((cell) => {
      cell.border = BORDER
      cell.alignment = { horizontal: 'center' }
    })
    for (const values of rows) {
      const row = sheet.addRow(values)
      row.eachCell((cell, column) => {
        cell.border = BORDER
        if (moneyColumns.includes(column)) cell.numFmt = MONEY
      })
    }
  }

  const t = settlement.totals
  table(
    ['餐次', '就餐方式', '份数', '补贴金额（元）', '个人支付（元）'],
    [
      ...t.bySlotAndMode.map((r) => [SLOT_NAMES[r.slot], MODE_NAMES[r.mode], r.meals, yuan(r.subsidyFen), yuan(r.selfPayFen)]),
      ['合计', '', t.meals, yuan(t.subsidyFen), yuan(t.selfPayFen)],
    ],
    [4, 5],
  )
  sheet.addRow([])
  table(
    ['支付方式', '份数', '个人支付（元）'],
    t.byPaymentMethod.map((r) => [PAYMENT[r.paymentMethod], r.meals, yuan(r.selfPayFen)]),
    [3],
  )
  sheet.addRow([])
  if (t.recoveries.length > 0) {
    table(
      ['追回补贴', '份数', '金额（元）'],
      [...t.recoveries.map((r) => [CHECK_KINDS[r.kind], r.mealRecordIds.length, -yuan(r.amountFen)]), ['合计', '', -yuan(t.recoveryFen)]],
      [3],
    )
    sheet.addRow([])
  }
  const owed = sheet.addRow(['应拨付补贴（元）', yuan(t.payableSubsidyFen), '', '爱心卡支付待结算（元）', yuan(t.cardPaidFen)])
  owed.getCell(2).numFmt = MONEY
  owed.getCell(5).numFmt = MONEY
  owed.font = { bold: true }
  sheet.addRow([])
  writeSignatures(sheet, settlement)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/**
 * 经办人 / 审核人（镇街）/ 审批人（区民政局）: who did each step and when, room to sign, and a box for the
 * bureau's seal. A step not taken yet leaves its cells empty for a pen.
 */
function writeSignatures(sheet: ExcelJS.Worksheet, settlement: Settlement): void {
  const { submitted, townReviewed, approved } = settlement.signatures
  const date = (at: string | undefined) => (at ? shanghaiToday(new Date(at)) : '')
  const town = settlement.townReview ? (townReviewed?.name ?? '') : '（本镇街无审核人，区民政局直接审批）'
  const rows = [
    ['', '经办人', `审核人（${settlement.townName || '镇街'}）`, '审批人（区民政局）', ''],
    ['姓名', submitted?.name ?? '', town, approved?.name ?? '', ''],
    ['日期', date(submitted?.at), date(townReviewed?.at), date(approved?.at), ''],
    ['签字', '', '', '', ''],
  ]
  const first = sheet.rowCount + 1
  for (const values of rows) {
    const row = sheet.addRow(values)
    row.height = values[0] === '签字' ? 36 : 20
    for (let column = 1; column <= 4; column++) {
      const cell = row.getCell(column)
      cell.border = BORDER
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
    }
  }
  sheet.getRow(first).font = { bold: true }
  // The seal box: column E over the four rows, where the bureau stamps its 公章.
  sheet.mergeCells(first, 5, first + rows.length - 1, 5)
  const seal = sheet.getCell(first, 5)
  seal.value = '盖章'
  seal.border = BORDER
  seal.alignment = { horizontal: 'center', vertical: 'top' }
  seal.font = { color: { argb: 'FF909399' } }
}
