import type { CareCard } from '@eldercare/shared'
import { ref } from 'vue'
import { getCareCard, listCareCards, searchCareCards } from '../../api/care-cards'
import { translateIfKnown } from '../../locales'
import { errorMessage } from '../../utils/feedback'
import { isCardNo, normaliseCardNo } from './data'

/** A card number finds one card; a few more leave room for a cancelled card that once had it. */
const LOOKUP_PAGE_SIZE = 5

/**
 * card: the scan found the elder's live card (a frozen one too: the server then refuses the meal with
 * CARD_FROZEN, shown on the entry); refused: the number is a cancelled card's, or the lookup failed;
 * unmatched: shaped like a card number but no card has it (it may still be a phone number);
 * none: not a card number, so the box is searched for elders as usual.
 */
export type ScanOutcome = { kind: 'card'; card: CareCard } | { kind: 'refused' } | { kind: 'unmatched' } | { kind: 'none' }

export interface CardBalanceNote {
  elderName: string
  cardNo: string
  balanceFen: number
}

/** The meal counter's card reader: a scanned number to the elder who holds it, and the balance after a card meal. */
export function useCardScan() {
  const looking = ref(false)
  /** Why a scanned card cannot pay, in the user's language; null when there is nothing to say. */
  const message = ref<string | null>(null)
  const balance = ref<CardBalanceNote | null>(null)

  async function scan(text: string): Promise<ScanOutcome> {
    const cardNo = normaliseCardNo(text)
    message.value = null
    if (!isCardNo(cardNo)) return { kind: 'none' }
    looking.value = true
    try {
      const matches = (await searchCareCards({ q: cardNo, pageSize: LOOKUP_PAGE_SIZE })).items.filter((card) => card.cardNo === cardNo)
      const live = matches.filter((card) => card.status !== 'cancelled')
      if (live.length === 1) return { kind: 'card', card: live[0]! }
      if (matches.length > 0) {
        // A lost card that was replaced: the meal must not be charged to the new card behind the finder's back.
        message.value = translateIfKnown('errors.CARD_CANCELLED')
        return { kind: 'refused' }
      }
      return { kind: 'unmatched' }
    } catch (error) {
      message.value = errorMessage(error)
      return { kind: 'refused' }
    } finally {
      looking.value = false
    }
  }

  /** A scanned number that is neither a card nor an elder. */
  function notFound(): void {
    message.value = translateIfKnown('errors.CARD_NOT_FOUND')
  }

  /** The balance after a card meal was saved, straight from the server; left out when it cannot be had. */
  async function showBalance(elderId: string, cardId?: string): Promise<void> {
    try {
      const card = cardId
        ? await getCareCard(cardId)
        : (await listCareCards({ elderId, pageSize: LOOKUP_PAGE_SIZE })).items.find((item) => item.status !== 'cancelled')
      balance.value = card ? { elderName: card.elderName, cardNo: card.cardNo, balanceFen: card.balanceFen } : null
    } catch {
      // The meal is recorded either way; the balance shows again after the next one.
      balance.value = null
    }
  }

  return { looking, message, balance, scan, notFound, showBalance }
}
