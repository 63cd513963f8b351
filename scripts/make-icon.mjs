// Draws images/icon.png (128x128): a broken spinner ring with an exclamation mark, i.e. "async, but careful".
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const size = 128;
const pixels = Buffer.alloc(size * size * 4);
const mix = (a, b, t) => Math.round(a + (b - a) * t);

for (let y = 0; y < size; y++) {
  for (let x = 0; x < size; x++) {
    const i = (y * size + x) * 4;
    // Rounded square background with a vertical gradient.
    const r = 24;
    const dx = Math.max(r - x, x - (size - 1 - r), 0);
    const dy = Math.max(r - y, y - (size - 1 - r), 0);
    const inside = Math.hypot(dx, dy) <= r;
    if (!inside) continue;
    const t = y / size;
    let color = [mix(49, 24, t), mix(46, 20, t), mix(129, 70, t)];
    // Spinner ring with a gap at the top right.
    const cx = x - 64 + 0.5;
    const cy = y - 64 + 0.5;
    const distance = Math.hypot(cx, cy);
    const angle = Math.atan2(cy, cx);
    if (distance > 38 && distance < 50 && !(angle > -1.35 && angle < -0.35)) color = [247, 223, 30];
    // Exclamation mark: a bar and a dot.
    if (Math.abs(cx) < 6 && cy > -24 && cy < 8) color = [255, 255, 255];
    if (Math.hypot(cx, cy - 19) < 6.5) color = [255, 255, 255];
    pixels.set([...color, 255], i);
  }
}

const rows = Buffer.alloc(size * (size * 4 + 1));
for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buffer) => {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header.set([8, 6, 0, 0, 0], 8);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(rows)),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
