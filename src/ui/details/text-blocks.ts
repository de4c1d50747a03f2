/**
 * Characters per block of a long text shown whole. Each block is laid out on its own and skipped while out of
 * view (`content-visibility: auto`): one 10 MB block took Chromium 2.7 s to lay out again after each step read.
 */
export const BLOCK_CHARS = 65_536;
/** How far back from a block's end a line break is looked for, to end the block there. */
const LOOK_BACK = 16_384;

/**
 * Cuts `text` into consecutive blocks that join back into it exactly. A block ends after a line break where one
 * lies within LOOK_BACK of its nominal end, so that the cut draws nothing a line break would not; otherwise at
 * BLOCK_CHARS (a text with no line breaks then wraps anew at each block), never between a surrogate pair's halves.
 */
export function textBlocks(text: string, size = BLOCK_CHARS, lookBack = LOOK_BACK): string[] {
  const blocks: string[] = [];
  let start = 0;
  while (text.length - start > size) {
    let end = start + size;
    const newline = text.lastIndexOf("\n", end - 1);
    if (newline >= end - lookBack && newline >= start) end = newline + 1;
    else if (isHighSurrogate(text.charCodeAt(end - 1))) end++;
    blocks.push(text.slice(start, end));
    start = end;
  }
  blocks.push(text.slice(start));
  return blocks;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
