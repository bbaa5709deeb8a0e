import { describe, expect, it } from 'vitest'
import { unsyncedFacilities } from '../data'

const device = (outboxSize: number, oldestUnsyncedAt: string | null) => ({
  deviceId: '0190a0b0-0000-7000-8000-0000000000d1',
  userName: 'canteen_operator',
  lastSeenAt: '2024-05-20T01:00:00.000Z',
  lastSyncAt: '2024-05-19T09:00:00.000Z',
  outboxSize,
  oldestUnsyncedAt,
  snapshotVersion: '1',
})

describe('offline counters on the dashboard', () => {
  it('lists facilities with meals waiting on a device, since the oldest, apart from those with none', () => {
    const status = {
      items: [
        { facilityId: 'a', facilityName: '金塘食堂', communityCode: '330902104001', devices: [device(12, '2024-05-20T02:00:00.000Z'), device(3, '2024-05-20T01:30:00.000Z')] },
        { facilityId: 'b', facilityName: '盘峙食堂', communityCode: '330902105001', devices: [device(0, null)] },
        { facilityId: 'c', facilityName: '大猫互助点', communityCode: '330902106001', devices: [] },
      ],
    }
    expect(unsyncedFacilities(status)).toEqual([{ id: 'a', name: '金塘食堂', since: '2024-05-20T01:30:00.000Z', meals: 15 }])
  })
})
