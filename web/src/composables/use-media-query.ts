import { computed, onBeforeUnmount, readonly, ref, type Ref } from 'vue'

export function useMediaQuery(query: string): Readonly<Ref<boolean>> {
  const list = window.matchMedia(query)
  const matches = ref(list.matches)
  const update = (event: MediaQueryListEvent) => {
    matches.value = event.matches
  }
  list.addEventListener('change', update)
  onBeforeUnmount(() => list.removeEventListener('change', update))
  return readonly(matches)
}

/** Below this width (a tablet held upright at the canteen counter) the menu folds to icons. */
export function useNarrowScreen(): Readonly<Ref<boolean>> {
  return useMediaQuery('(max-width: 991px)')
}

/** Fingers instead of a mouse: controls grow to touch size. */
export function useTouchScreen(): Readonly<Ref<boolean>> {
  const coarse = useMediaQuery('(pointer: coarse)')
  const narrow = useNarrowScreen()
  return computed(() => coarse.value || narrow.value)
}
