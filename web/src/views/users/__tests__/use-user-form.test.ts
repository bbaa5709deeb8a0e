import type { User } from '@eldercare/shared'
import { describe, expect, it } from 'vitest'
import { toCreateBody, toUpdateBody, type UserFormModel } from '../use-user-form'

const form: UserFormModel = {
  username: ' zhang.san ',
  displayName: ' 张三 ',
  role: 'town_staff',
  phone: '',
  townCodes: ['330902002'],
  facilityIds: [],
  password: 'Temp#2024a',
}

const stored: User = {
  id: '0190a0b0-0000-7000-8000-000000000009',
  username: 'zhang.san',
  displayName: '张三',
  role: 'town_staff',
  townCodes: ['330902002'],
  facilityIds: [],
  phoneMasked: '138****5678',
  status: 'active',
  mustChangePassword: false,
  lockedUntil: null,
  lastLoginAt: null,
  createdAt: '2024-05-01T08:00:00+08:00',
}

describe('user form', () => {
  it('creates town staff with their towns and leaves an empty phone out', () => {
    expect(toCreateBody(form, 'town_staff')).toEqual({
      username: 'zhang.san',
      displayName: '张三',
      role: 'town_staff',
      password: 'Temp#2024a',
      townCodes: ['330902002'],
    })
  })

  it('gives other roles no town scope', () => {
    expect(toCreateBody({ ...form, phone: '13812345678' }, 'bureau_staff')).toEqual({
      username: 'zhang.san',
      displayName: '张三',
      role: 'bureau_staff',
      password: 'Temp#2024a',
      phone: '13812345678',
    })
  })

  it('scopes operators and reporters to their facilities and nobody else to any', () => {
    const kitchen = '0190a0b0-0000-7000-8000-0000000000a1'
    const scoped = { ...form, townCodes: [], facilityIds: [kitchen] }

    expect(toCreateBody(scoped, 'canteen_operator')).toMatchObject({ role: 'canteen_operator', facilityIds: [kitchen] })
    expect(toCreateBody(scoped, 'canteen_operator')).not.toHaveProperty('townCodes')
    expect(toUpdateBody(scoped, 'institution_reporter', stored)).toEqual({
      displayName: '张三',
      role: 'institution_reporter',
      facilityIds: [kitchen],
    })
    expect(toCreateBody(scoped, 'bureau_staff')).not.toHaveProperty('facilityIds')
  })

  it('keeps the stored phone when the field stays blank and sends the role only when it changes', () => {
    expect(toUpdateBody(form, 'town_staff', stored)).toEqual({ displayName: '张三', townCodes: ['330902002'] })
    expect(toUpdateBody({ ...form, phone: '0580-2021234' }, 'bureau_staff', stored)).toEqual({
      displayName: '张三',
      role: 'bureau_staff',
      phone: '0580-2021234',
    })
  })
})
