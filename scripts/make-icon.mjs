// Draws Plumbline's icon (a plumb line and bob on navy) as a 512×512 PNG: node scripts/make-icon.mjs
import fs from 'node:fs';
import zlib from 'node:zlib';

const S = 512;
const px = Buffer.alloc(S * S * 4);
const set = (x, y, [r, g, b, a]) => {
  const i = (y * S + x) * 4;
  px[i] = r; px[i + 1] = g; px[i + 2] = b; px[i + 3] = a;
};
const navy = [22, 50, 79, 255];
const white = [255, 255, 255, 255];
const amber = [255, 191, 71, 255];
for (let y = 0; y < S; y++) {
  for (let x = 0; x < S; x++) {
    // Rounded square background.
    const r = 96;
    const dx = Math.max(r - x, x - (S - 1 - r), 0);
    const dy = Math.max(r - y, y - (S - 1 - r), 0);
    const inside = dx * dx + dy * dy <= r * r;
    set(x, y, inside ? navy : [0, 0, 0, 0]);
    if (!inside) continue;
    if (y >= 96 && y <= 116 && x >= 156 && x <= 356) set(x, y, white); // beam
    if (x >= 250 && x <= 262 && y >= 116 && y <= 330) set(x, y, white); // line
    const bx = x - 256, by = y - 372; // bob: a downward teardrop
    if (by >= -44 && by <= 60 && Math.abs(bx) <= (by < 0 ? 24 + (by + 44) * 0.4 : 42 * (1 - by / 60) + 0)) set(x, y, amber);
    if (y >= 440 && y <= 448 && x >= 196 && x <= 316) set(x, y, white); // ground mark
  }
}
const raw = Buffer.alloc((S * 4 + 1) * S);
for (let y = 0; y < S; y++) px.copy(raw, y * (S * 4 + 1) + 1, y * S * 4, (y + 1) * S * 4);
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(S, 0); ihdr.writeUInt32BE(S, 4); ihdr[8] = 8; ihdr[9] = 6;
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
fs.mkdirSync('resources', { recursive: true });
fs.writeFileSync('resources/icon.png', png);
console.log('resources/icon.png written');
