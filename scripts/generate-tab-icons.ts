// Draws the tabBar icons (81×81 PNG, WeChat's recommended size) so they are reproducible from
// code: `npx tsx scripts/generate-tab-icons.ts` writes client/assets/tabbar/*.png.
import fs from 'node:fs'
import path from 'node:path'
import { deflateSync } from 'node:zlib'

const SIZE = 81
const SAMPLES = 4 // supersampling per axis, for smooth edges

type Shape = (x: number, y: number) => boolean // coordinates in 0..1

const inRect = (x: number, y: number, x0: number, y0: number, x1: number, y1: number) => x >= x0 && x <= x1 && y >= y0 && y <= y1
const inCircle = (x: number, y: number, cx: number, cy: number, r: number) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r
const inTriangle = (x: number, y: number, apexY: number, baseY: number, halfWidth: number) =>
  y >= apexY && y <= baseY && Math.abs(x - 0.5) <= ((y - apexY) / (baseY - apexY)) * halfWidth

const icons: Record<string, Shape> = {
  home: (x, y) => (inTriangle(x, y, 0.12, 0.48, 0.42) || inRect(x, y, 0.2, 0.46, 0.8, 0.88)) && !inRect(x, y, 0.42, 0.62, 0.58, 0.88),
  reports: (x, y) =>
    (inRect(x, y, 0.2, 0.1, 0.8, 0.9) && !inRect(x, y, 0.27, 0.17, 0.73, 0.83)) ||
    inRect(x, y, 0.32, 0.3, 0.68, 0.36) ||
    inRect(x, y, 0.32, 0.47, 0.68, 0.53) ||
    inRect(x, y, 0.32, 0.64, 0.56, 0.7),
  stations: (x, y) => (inCircle(x, y, 0.5, 0.38, 0.27) || inTriangle(x, 1 - y, 0.1, 0.45, 0.2)) && !inCircle(x, y, 0.5, 0.38, 0.1),
  me: (x, y) => inCircle(x, y, 0.5, 0.3, 0.17) || (y >= 0.55 && y <= 0.9 && ((x - 0.5) / 0.36) ** 2 + ((y - 0.9) / 0.35) ** 2 <= 1),
}

const colours = { normal: [0x4a, 0x55, 0x63], active: [0x0b, 0x4f, 0x8a] } as const

function crc32(bytes: Buffer): number {
  let crc = ~0
  for (const byte of bytes) {
    crc ^= byte
    for (let bit = 0; bit < 8; bit += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1))
  }
  return ~crc >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

function png(shape: Shape, rgb: readonly number[]): Buffer {
  const rows: Buffer[] = []
  for (let py = 0; py < SIZE; py += 1) {
    const row = Buffer.alloc(1 + SIZE * 4) // filter byte 0, then RGBA
    for (let px = 0; px < SIZE; px += 1) {
      let covered = 0
      for (let sy = 0; sy < SAMPLES; sy += 1) {
        for (let sx = 0; sx < SAMPLES; sx += 1) {
          if (shape((px + (sx + 0.5) / SAMPLES) / SIZE, (py + (sy + 0.5) / SAMPLES) / SIZE)) covered += 1
        }
      }
      row.set([rgb[0], rgb[1], rgb[2], Math.round((covered / SAMPLES ** 2) * 255)], 1 + px * 4)
    }
    rows.push(row)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(SIZE, 0)
  header.writeUInt32BE(SIZE, 4)
  header.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const outDir = path.resolve(__dirname, '../client/assets/tabbar')
fs.mkdirSync(outDir, { recursive: true })
for (const [name, shape] of Object.entries(icons)) {
  fs.writeFileSync(path.join(outDir, `${name}.png`), png(shape, colours.normal))
  fs.writeFileSync(path.join(outDir, `${name}-active.png`), png(shape, colours.active))
}
process.stdout.write(`wrote ${Object.keys(icons).length * 2} icons to ${outDir}\n`)
