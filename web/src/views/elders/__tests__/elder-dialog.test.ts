import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n, setLocale } from '../../../locales'
import ElderDialog from '../elder-dialog.vue'
import { idNumberFacts, toCreateBody, type ElderFormModel } from '../use-elder-form'

const groups = [{ value: '330902002', label: '昌国街道', children: [{ value: '330902002001', label: '西安社区居委会' }] }]
const fetchMock = vi.fn<typeof fetch>()

async function openDialog() {
  const wrapper = mount(ElderDialog, {
    props: { visible: false, elder: null, groups, defaultCommunity: '330902002001' },
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

describe('elder body', () => {
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
      deceasedOn: '2024-06-01',
      dietaryNotes: ' ',
      pickupDelegates: [{ name: ' 李小四 ', relation: '儿子', phone: '', consentOn: '2024-02-01', phoneMasked: null }],
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

  it('derives nothing from an invalid number', () => {
    expect(idNumberFacts('110105194912310021')).toBeNull()
    expect(idNumberFacts('110105194913310020')).toBeNull()
    expect(idNumberFacts('11010519491231002X', '2024-12-30')).toEqual({ birthDate: '1949-12-31', gender: 'female', age: 74 })
  })
})
