import type { CardSettings, CareCard, CurrentUser } from '@eldercare/shared'

export const keeper: CurrentUser = {
  id: '0190a0b0-0000-7000-8000-000000000003',
  tenantId: '0190a0b0-0000-7000-8000-000000000002',
  tenantCode: '330902',
  tenantName: '定海区',
  username: 'bureau_staff',
  displayName: '民政局工作人员',
  role: 'bureau_staff',
  townCodes: [],
  facilityIds: [],
  mustChangePassword: false,
}

export function careCard(overrides: Partial<CareCard> = {}): CareCard {
  return {
    id: '0190a0b0-0000-7000-8000-0000000c0001',
    cardNo: '33090212345678',
    elderId: '0190a0b0-0000-7000-8000-00000000e001',
    elderName: '张桂英',
    idNumberMasked: '330902********4235',
    status: 'active',
    issuedOn: '2024-05-01',
    purses: [{ purse: 'general', name: '通用', balanceFen: 8800 }],
    balanceFen: 8800,
    cancelledAt: null,
    cancelReason: null,
    replacedByCardId: null,
    ...overrides,
  }
}

export const settings: CardSettings = {
  purses: [{ code: 'general', name: '通用', pays: ['meal', 'service'] }],
  allowanceExpiry: 'never',
  cancellationRule: 'return_bureau',
  serviceTypes: ['助浴', '助洁'],
}

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}
