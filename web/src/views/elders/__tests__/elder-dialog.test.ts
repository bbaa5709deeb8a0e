import type { Elder } from '@eldercare/shared'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n, setLocale } from '../../../locales'
import ElderDialog from '../elder-dialog.vue'
import { delegatesChanged, idNumberFacts, toCreateBody, toUpdateBody, type ElderFormModel } from '../use-elder-form'

const groups = [{ value: '330902002', label: '昌国街道', children: [{ value: '330902002001', label: '西安社区居委会' }] }]
const fetchMock = vi.fn<typeof fetch>()

const DELEGATE_SON = '0190a0b0-0000-7000-8000-0000000000d1'
const DELEGATE_NEIGHBOUR = '0190a0b0-0000-7000-8000-0000000000d2'

/** An elder on file with two delegates, one with a phone the page only sees masked. */
const zhang: Elder = {
  id: '0190a0b0-0000-7000-8000-00000000e001',
  idNumberMasked: '110105********002X',
  name: '张三',
  gender: 'female',
  age: 74,
  phoneMasked: '139****1111',
  communityCode: '330902002001',
  communityName: '西安社区居委会',
  townCode: '330902002',
  categories: [],
  advancedAge: false,
  status: 'active',
  statusSince: '2024-01-01',
  institutionId: null,
  institutionName: null,
  deceasedOn: null,
  concentratedCareNeedSince: null,
  dietaryNotes: null,
  pickupDelegates: [
    { id: DELEGATE_SON, name: '张小明', relation: '儿子', phoneMasked: '139****2222', consentOn: '2024-01-10' },
    { id: DELEGATE_NEIGHBOUR, name: '王阿姨', relation: '邻居', phoneMasked: null, consentOn: '2024-03-01' },
  ],
  updatedAt: '2024-05-01T00:00:00.000Z',
}

async function openDialog(elder: Elder | null = null) {
  const wrapper = mount(ElderDialog, {
    props: { visible: false, elder, groups, defaultCommunity: '330902002001' },
    global: { plugins: [createPinia(), i18n] },
    attachTo: document.body,
  })
  await wrapper.setProps({ visible: true })
  await flushPromises()
  return wrapper
}

async function type(wrapper: Awaited<ReturnType<typeof openDialog>>, name: string, value: string) {
  const input = wrapper.find(`input[name="${name}"]`)
  await input.setValue(value)
  await input.trigger('blur')
  await flushPromises()
}

beforeEach(() => {
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
  setLocale('zh-CN')
})

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('elder form', () => {
  it('shows the birth date, gender and age a valid 身份证号 carries as it is typed', async () => {
    const wrapper = await openDialog()

    await type(wrapper, 'idNumber', '11010519491231002x')

    const facts = wrapper.find('[data-test="id-facts"]')
    expect(facts.text()).toContain('1949-12-31')
    expect(facts.text()).toContain('女')
    await type(wrapper, 'idNumber', '440524188001010014')
    expect(wrapper.find('[data-test="id-facts"]').text()).toContain('1880-01-01')
    expect(wrapper.find('[data-test="id-facts"]').text()).toContain('男')
  })

  it('refuses a 身份证号 with a wrong check character and sends nothing', async () => {
    const wrapper = await openDialog()
    await type(wrapper, 'name', '张三')

    await type(wrapper, 'idNumber', '110105194912310021')
    expect(wrapper.find('[data-test="id-facts"]').exists()).toBe(false)
    await wrapper.find('[data-test="elder-save"]').trigger('click')
    await flushPromises()

    await vi.waitFor(() => expect(wrapper.text()).toContain('身份证号不正确'))
    expect(fetchMock).not.toHaveBeenCalled()
    expect(wrapper.emitted('success')).toBeUndefined()
  })

  it('registers an elder whose 身份证号 is valid, in upper case', async () => {
    fetchMock.mockImplementation(async () => new Response(JSON.stringify({ id: 'x' }), { status: 201 }))
    const wrapper = await openDialog()
    await type(wrapper, 'idNumber', '11010519491231002x')
    await type(wrapper, 'name', ' 张三 ')

    await wrapper.find('[data-test="elder-save"]').trigger('click')
    await flushPromises()

    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1))
    const [url, init] = fetchMock.mock.calls[0] ?? []
    expect(url).toBe('/api/v1/elders')
    expect(JSON.parse(String(init?.body))).toEqual({
      idNumber: '11010519491231002X',
      name: '张三',
      communityCode: '330902002001',
      categories: [],
      status: 'active',
      pickupDelegates: [],
    })
  })
})

describe('elder form, editing delegates', () => {
  function patchBody(): { pickupDelegates?: unknown } {
    const [url, init] = fetchMock.mock.calls[0] ?? []
    expect(url).toBe(`/api/v1/elders/${zhang.id}`)
    expect(init?.method).toBe('PATCH')
    return JSON.parse(String(init?.body)) as { pickupDelegates?: unknown }
  }

  it('sends delegates on file back by id and without a phone, so the stored numbers stay', async () => {
    fetchMock.mockImplementation(async () => new Response(JSON.stringify(zhang), { status: 200 }))
    const wrapper = await openDialog(zhang)
    const rows = wrapper.findAll('[data-test="delegate-row"]')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.find('input[inputmode="tel"]').attributes('placeholder')).toContain('139****2222')

    const relation = rows[0]!.find('input[aria-label="关系"]')
    await relation.setValue('长子')
    await wrapper.find('[data-test="elder-save"]').trigger('click')
    await flushPromises()

    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1))
    expect(patchBody().pickupDelegates).toEqual([
      { id: DELEGATE_SON, name: '张小明', relation: '长子', consentOn: '2024-01-10' },
      { id: DELEGATE_NEIGHBOUR, name: '王阿姨', relation: '邻居', consentOn: '2024-03-01' },
    ])
  })

  it('sends a phone only for the delegate whose new number was typed, and none for a new delegate left blank', async () => {
    fetchMock.mockImplementation(async () => new Response(JSON.stringify(zhang), { status: 200 }))
    const wrapper = await openDialog(zhang)
    await wrapper.findAll('[data-test="delegate-row"]')[1]!.find('input[inputmode="tel"]').setValue('13700003333')
    await wrapper.findAll('button').find((button) => button.text() === '添加代领人')!.trigger('click')
    const added = wrapper.findAll('[data-test="delegate-row"]')[2]!
    await added.find('input[aria-label="代领人姓名"]').setValue('李四')
    await added.find('input[aria-label="关系"]').setValue('女儿')

    await wrapper.find('[data-test="elder-save"]').trigger('click')
    await flushPromises()

    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1))
    const [son, neighbour, daughter] = patchBody().pickupDelegates as Record<string, unknown>[]
    expect(son).toEqual({ id: DELEGATE_SON, name: '张小明', relation: '儿子', consentOn: '2024-01-10' })
    expect(neighbour).toEqual({ id: DELEGATE_NEIGHBOUR, name: '王阿姨', relation: '邻居', phone: '13700003333', consentOn: '2024-03-01' })
    expect(daughter).toEqual({ name: '李四', relation: '女儿', consentOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) })
    expect(daughter).not.toHaveProperty('id')
    expect(daughter).not.toHaveProperty('phone')
  })

  it('says a blank phone keeps the number on file, with no warning about losing it', async () => {
    const wrapper = await openDialog(zhang)
    await wrapper.findAll('[data-test="delegate-row"]')[0]!.find('input[aria-label="关系"]').setValue('长子')
    await flushPromises()

    expect(wrapper.find('.el-alert').exists()).toBe(false)
    expect(wrapper.text()).not.toContain('清空')
    expect(wrapper.find('[data-test="delegate-phone-hint"]').text()).toContain('留空则保留原号码')
  })
})

describe('elder body', () => {
  it('sends no delegates while none changed, and all of them by id once one did', () => {
    const model: ElderFormModel = {
      idNumber: '',
      name: '张三',
      phone: '',
      communityCode: '330902002001',
      categories: [],
      status: 'active',
      statusFrom: '',
      institutionId: '',
      concentratedCareNeed: false,
      concentratedCareNeedSince: '',
      deceasedOn: '',
      dietaryNotes: '',
      pickupDelegates: zhang.pickupDelegates.map((delegate) => ({ ...delegate, phone: '' })),
    }
    expect(delegatesChanged(model, zhang)).toBe(false)
    expect(toUpdateBody(model, zhang)).not.toHaveProperty('pickupDelegates')

    const removed = { ...model, pickupDelegates: model.pickupDelegates.slice(1) }
    expect(toUpdateBody(removed, zhang).pickupDelegates).toEqual([{ id: DELEGATE_NEIGHBOUR, name: '王阿姨', relation: '邻居', consentOn: '2024-03-01' }])
  })

  it('keeps a level only for 失能 and a date of death only for the deceased', () => {
    const model: ElderFormModel = {
      idNumber: '440524188001010014',
      name: '李四',
      phone: '13800001111',
      communityCode: '330902002001',
      categories: [
        { category: 'disabled', level: 'severe', startOn: '2024-01-01', endOn: '' },
        { category: 'living_alone', level: 'mild', startOn: '2023-05-01', endOn: '2024-04-30' },
      ],
      status: 'active',
      statusFrom: '',
      institutionId: '',
      concentratedCareNeed: false,
      concentratedCareNeedSince: '',
      deceasedOn: '2024-06-01',
      dietaryNotes: ' ',
      pickupDelegates: [{ id: null, name: ' 李小四 ', relation: '儿子', phone: '', consentOn: '2024-02-01', phoneMasked: null }],
    }

    expect(toCreateBody(model)).toEqual({
      idNumber: '440524188001010014',
      name: '李四',
      phone: '13800001111',
      communityCode: '330902002001',
      categories: [
        { category: 'disabled', level: 'severe', startOn: '2024-01-01', endOn: null },
        { category: 'living_alone', level: null, startOn: '2023-05-01', endOn: '2024-04-30' },
      ],
      status: 'active',
      pickupDelegates: [{ name: '李小四', relation: '儿子', consentOn: '2024-02-01' }],
    })
  })

  it('sends a change of status with its day and institution, and the need of concentrated care when it changes', () => {
    const model: ElderFormModel = {
      idNumber: '',
      name: '张三',
      phone: '',
      communityCode: '330902002001',
      categories: [],
      status: 'active',
      statusFrom: '',
      institutionId: '',
      concentratedCareNeed: false,
      concentratedCareNeedSince: '',
      deceasedOn: '',
      dietaryNotes: '',
      pickupDelegates: zhang.pickupDelegates.map((delegate) => ({ ...delegate, phone: '' })),
    }
    const unchanged = toUpdateBody(model, zhang)
    expect(unchanged).not.toHaveProperty('statusFrom')
    expect(unchanged).not.toHaveProperty('institutionId')
    expect(unchanged).not.toHaveProperty('concentratedCareNeedSince')

    const placed = toUpdateBody({ ...model, status: 'in_institution', statusFrom: '2024-07-15', institutionId: '0190a0b0-0000-7000-8000-0000000000a1' }, zhang)
    expect(placed).toMatchObject({ status: 'in_institution', statusFrom: '2024-07-15', institutionId: '0190a0b0-0000-7000-8000-0000000000a1' })
    // A death takes effect on its own date.
    expect(toUpdateBody({ ...model, status: 'deceased', statusFrom: '2024-07-15', deceasedOn: '2024-08-01' }, zhang)).not.toHaveProperty('statusFrom')

    expect(toUpdateBody({ ...model, concentratedCareNeed: true, concentratedCareNeedSince: '2024-03-01' }, zhang)).toMatchObject({ concentratedCareNeedSince: '2024-03-01' })
    const needing = { ...zhang, concentratedCareNeedSince: '2024-03-01' }
    expect(toUpdateBody({ ...model, concentratedCareNeed: false, concentratedCareNeedSince: '2024-03-01' }, needing)).toMatchObject({ concentratedCareNeedSince: null })
    expect(toUpdateBody({ ...model, concentratedCareNeed: true, concentratedCareNeedSince: '2024-03-01' }, needing)).not.toHaveProperty('concentratedCareNeedSince')
  })

  it('derives nothing from an invalid number', () => {
    expect(idNumberFacts('110105194912310021')).toBeNull()
    expect(idNumberFacts('110105194913310020')).toBeNull()
    expect(idNumberFacts('11010519491231002X', '2024-12-30')).toEqual({ birthDate: '1949-12-31', gender: 'female', age: 74 })
  })
})
