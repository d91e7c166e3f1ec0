/**
 * Framing of a text for data over sound: ggwave carries at most 140 bytes a
 * message, so a longer text goes as several messages. Each message is
 * `1` (version) + index + count (2 base-36 digits each) + the CRC32 of the
 * whole text (7 base-36 digits), then up to 128 bytes of the text's UTF-8.
 * The receiver keeps chunks by CRC, so a looping sound or two senders never
 * mix, and yields the text only when its CRC32 matches.
 */

/** Bytes ggwave carries in one message (its variable-length limit). */
export const SOUND_MESSAGE_BYTES = 140;
const HEADER = 12;
/** Text bytes per message. */
export const SOUND_CHUNK_BYTES = SOUND_MESSAGE_BYTES - HEADER;
/** 36² chunks of 128 bytes: ~165 KB, far more than anyone will play. */
export const MAX_SOUND_CHUNKS = 36 * 36 - 1;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as in zip and PNG). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const b36 = (n: number, width: number): string => n.toString(36).padStart(width, '0');

/** Splits `text` into framed messages; throws a RangeError past {@link MAX_SOUND_CHUNKS}. */
export function frameSoundMessages(text: string): Uint8Array[] {
  const bytes = encoder.encode(text);
  const count = Math.max(1, Math.ceil(bytes.length / SOUND_CHUNK_BYTES));
  if (count > MAX_SOUND_CHUNKS) throw new RangeError('the text is too long to send as sound');
  const crc = b36(crc32(bytes), 7);
  const messages: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const header = encoder.encode(`1${b36(i, 2)}${b36(count, 2)}${crc}`);
    const chunk = bytes.subarray(i * SOUND_CHUNK_BYTES, (i + 1) * SOUND_CHUNK_BYTES);
    const message = new Uint8Array(header.length + chunk.length);
    message.set(header);
    message.set(chunk, header.length);
    messages.push(message);
  }
  return messages;
}

export interface SoundProgress {
  received: number;
  total: number;
}

const MAX_TRANSMISSIONS = 4;

/** Collects framed messages (in any order, repeated or not) until a whole text checks out. */
export class SoundFrameAssembler {
  readonly #transmissions = new Map<string, { total: number; chunks: Map<number, Uint8Array> }>();

  /**
   * Adds one decoded message; returns the text once complete and its CRC32
   * matches, else progress for the message's transmission, else undefined
   * for a message that is not a Parley frame.
   */
  add(message: Uint8Array): { text: string } | SoundProgress | undefined {
    if (message.length < HEADER + 1) return undefined;
    let header: string;
    try {
      header = decoder.decode(message.subarray(0, HEADER));
    } catch {
      return undefined;
    }
    const match = /^1([0-9a-z]{2})([0-9a-z]{2})([0-9a-z]{7})$/.exec(header);
    if (!match) return undefined;
    const index = parseInt(match[1]!, 36);
    const total = parseInt(match[2]!, 36);
    const crc = parseInt(match[3]!, 36);
    if (total < 1 || index >= total || crc > 0xffffffff) return undefined;
    const key = `${match[3]}/${total}`;
    let transmission = this.#transmissions.get(key);
    if (!transmission) {
      transmission = { total, chunks: new Map() };
      this.#transmissions.set(key, transmission);
      // Bounded: the oldest unfinished transmission goes first.
      if (this.#transmissions.size > MAX_TRANSMISSIONS) {
        this.#transmissions.delete(this.#transmissions.keys().next().value!);
      }
    }
    transmission.chunks.set(index, message.slice(HEADER));
    if (transmission.chunks.size < total) return { received: transmission.chunks.size, total };
    const parts = [...Array(total).keys()].map((i) => transmission.chunks.get(i)!);
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.length;
    }
    if (crc32(bytes) !== crc) {
      // A damaged chunk got through: start that transmission over.
      this.#transmissions.delete(key);
      return { received: 0, total };
    }
    try {
      const text = decoder.decode(bytes);
      this.#transmissions.delete(key);
      return { text };
    } catch {
      this.#transmissions.delete(key);
      return { received: 0, total };
    }
  }
}
