/**
 * Draws the app's icons (a white bowl on the brand red) as PNG files into public/icons. The PNGs are
 * committed; run this again only to change them: `node --import tsx web/build/make-icons.ts`.
 */
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'

const RED = [196, 53, 46]
const WHITE = [255, 255, 255]

function crc32(bytes: Buffer): number {
  let crc = ~0
  for (const byte of bytes) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1))
  }
  return ~crc >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** Inside the bowl: the lower half of a disc with a flat rim, and a foot below it. */
function isBowl(x: number, y: number): boolean {
  const cx = 0.5
  const rimY = 0.5
  const r = 0.3
  const inDisc = (x - cx) ** 2 + (y - rimY) ** 2 <= r ** 2 && y >= rimY
  const foot = y >= rimY + r - 0.02 && y <= rimY + r + 0.05 && Math.abs(x - cx) <= 0.12
  const steam = [0.4, 0.5, 0.6].some((sx) => Math.abs(x - sx - 0.02 * Math.sin(y * 40)) <= 0.018 && y >= 0.22 && y <= 0.42)
  return inDisc || foot || steam
}

function png(size: number, padding: number): Buffer {
  const rows: Buffer[] = []
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 3)
    for (let px = 0; px < size; px++) {
      const x = (px / size - padding) / (1 - 2 * padding)
      const y = (py / size - padding) / (1 - 2 * padding)
      const [r, g, b] = isBowl(x, y) ? WHITE : RED
      row.set([r!, g!, b!], 1 + px * 3)
    }
    rows.push(row)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 2, 0, 0, 0], 8)
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))])
}

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons')
writeFileSync(join(out, 'icon-192.png'), png(192, 0.05))
writeFileSync(join(out, 'icon-512.png'), png(512, 0.05))
// Maskable: the bowl inside the safe zone, so a round or squircle mask never cuts it.
writeFileSync(join(out, 'icon-maskable-512.png'), png(512, 0.15))
writeFileSync(join(out, 'apple-touch-icon.png'), png(180, 0.08))
