/**
 * Portrait-like demo photos: a head-and-shoulders silhouette on a soft background, drawn as SVG and encoded
 * by sharp as a JPEG, so the demo data goes through the real photo pipeline like a camera photo would.
 */
import { loadSharp } from '@shared/load-sharp';

const SKIN = ['#f1c7a5', '#e0ac69', '#c68642', '#8d5524', '#ffdbac', '#a1665e'];
const HAIR = ['#2c1b10', '#4a2f1b', '#8b5a2b', '#d6b370', '#111111', '#9e9e9e', '#b5523b'];
const SHIRT = ['#2f5d8a', '#3e7c59', '#7a4e8c', '#b04a3c', '#44546a', '#c08a2e', '#2c7a7b'];
const BACKDROP = ['#dfe7ef', '#e8e2d9', '#dde9e1', '#ebe0ea', '#e4e4e4', '#f0e6d6'];

export function portraitSvg(seed: number, size = 800): string {
  const pick = <T>(list: T[], salt: number) => list[(seed * 31 + salt * 17) % list.length];
  const skin = pick(SKIN, 1);
  const hair = pick(HAIR, 2);
  const shirt = pick(SHIRT, 3);
  const backdrop = pick(BACKDROP, 4);
  const longHair = seed % 3 === 0;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 200 200">
  <defs><radialGradient id="bg" cx="50%" cy="35%" r="75%"><stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="${backdrop}"/></radialGradient></defs>
  <rect width="200" height="200" fill="url(#bg)"/>
  ${longHair ? `<path d="M58 88 Q56 40 100 38 Q144 40 142 88 L146 150 L54 150 Z" fill="${hair}"/>` : ''}
  <path d="M30 200 Q34 146 100 140 Q166 146 170 200 Z" fill="${shirt}"/>
  <rect x="88" y="112" width="24" height="34" rx="10" fill="${skin}"/>
  <ellipse cx="100" cy="86" rx="34" ry="40" fill="${skin}"/>
  <path d="M64 80 Q64 44 100 44 Q136 44 136 80 Q126 60 100 60 Q74 60 64 80 Z" fill="${hair}"/>
  <ellipse cx="87" cy="88" rx="3.2" ry="3.6" fill="#2b2b2b"/><ellipse cx="113" cy="88" rx="3.2" ry="3.6" fill="#2b2b2b"/>
  <path d="M89 106 Q100 114 111 106" stroke="#7a3b2e" stroke-width="2.4" fill="none" stroke-linecap="round"/>
</svg>`;
}

export async function renderPortraitJpeg(seed: number, file: string): Promise<void> {
  const sharp = await loadSharp();
  await sharp(Buffer.from(portraitSvg(seed)))
    .jpeg({ quality: 85 })
    .toFile(file);
}
