/**
 * The parties of a mediation are kept by family name only: the first character of the trimmed
 * name and `*` (张三 → 张*, 欧阳娜娜 → 欧*). A character is a Unicode code point, so a name that
 * starts with a character outside the BMP (𠮷) keeps it whole. Masking a masked name changes
 * nothing (张* → 张*). Pure: used by the contract the server parses with, by the log form's
 * preview and by the outbox's comparison with the server's copy.
 */
export function maskPartyName(name: string): string {
  // a blank name has no first character: the server's schema refuses it, the outbox compares it as `*`
  const first = Array.from(name.trim())[0] ?? ''
  return `${first}*`
}

export function maskPartyNames(names: readonly string[]): string[] {
  return names.map(maskPartyName)
}
