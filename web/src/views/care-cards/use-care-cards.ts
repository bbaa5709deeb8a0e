import type { CareCard } from '@eldercare/shared'
import { computed, onScopeDispose, reactive, ref, watch } from 'vue'
import { useRouter } from 'vue-router'
import { searchCareCards } from '../../api/care-cards'
import { useAuthStore } from '../../stores/auth'
import { showError } from '../../utils/feedback'
import { CARD_KEEPERS, cardListQuery, LIST_PAGE_SIZE, type CardSearch } from './data'

/** Typing waits for a pause; a scanner ends with Enter, which searches at once. */
const TYPING_PAUSE = 300

/**
 * The card list behind one search box. Answers that arrive after a newer search started are dropped,
 * so a slow response never replaces what the box now asks for.
 */
export function useCareCards() {
  const router = useRouter()
  const auth = useAuthStore()
  const search = reactive<CardSearch>({ q: '', status: '' })
  const pager = reactive({ page: 1, pageSize: LIST_PAGE_SIZE, total: 0 })
  const rows = ref<CareCard[]>([])
  const loading = ref(false)
  const issueVisible = ref(false)
  const canKeep = computed(() => auth.hasRole(CARD_KEEPERS))

  let generation = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  /** Resolves with the page for the current search, or null when a newer search overtook it or it failed. */
  async function load(): Promise<CareCard[] | null> {
    clearTimeout(timer)
    const mine = ++generation
    loading.value = true
    try {
      const page = await searchCareCards(cardListQuery(search, pager.page, pager.pageSize))
      if (mine !== generation) return null
      rows.value = page.items
      pager.total = page.total
      return page.items
    } catch (error) {
      if (mine === generation) showError(error)
      return null
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  function onSearch(): Promise<CareCard[] | null> {
    pager.page = 1
    return load()
  }

  function openCard(card: Pick<CareCard, 'id'>): void {
    void router.push({ name: 'care-card-detail', params: { id: card.id } })
  }

  /** Enter, typed or sent by a scanner: with exactly one match the card opens at once. */
  async function onEnter(event: Event | KeyboardEvent): Promise<void> {
    if ('isComposing' in event && event.isComposing) return
    const found = await onSearch()
    if (found?.length === 1 && search.q.trim() !== '') openCard(found[0]!)
  }

  watch(
    () => search.q,
    () => {
      clearTimeout(timer)
      timer = setTimeout(() => void onSearch(), TYPING_PAUSE)
    },
  )
  watch(() => search.status, () => void onSearch())
  onScopeDispose(() => clearTimeout(timer))

  function onIssued(card: CareCard): void {
    openCard(card)
  }

  return { search, pager, rows, loading, issueVisible, canKeep, load, onSearch, onEnter, openCard, onIssued }
}
