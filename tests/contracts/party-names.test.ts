import { partyNameSchema } from '../../contracts/mediations'
import { maskPartyName, maskPartyNames } from '../../contracts/party-names'

describe('party names (contracts/party-names)', () => {
  it('keeps the first character of the trimmed name and `*`', () => {
    expect(maskPartyName('张三')).toBe('张*')
    expect(maskPartyName('  李四 ')).toBe('李*')
    expect(maskPartyName('欧阳娜娜')).toBe('欧*')
    expect(maskPartyName('王')).toBe('王*')
  })

  it('counts a character outside the BMP as one (a code point, never half a surrogate pair)', () => {
    expect(maskPartyName('𠮷野家')).toBe('𠮷*')
    expect(maskPartyName('😀x')).toBe('😀*')
  })

  it('changes nothing in a masked name, and gives `*` for a blank one', () => {
    expect(maskPartyName('张*')).toBe('张*')
    expect(maskPartyName('')).toBe('*')
    expect(maskPartyName('   ')).toBe('*')
    expect(maskPartyNames(['张三', ' 李四', '王*'])).toEqual(['张*', '李*', '王*'])
    expect(maskPartyNames([])).toEqual([])
  })

  it('masks every name the server accepts exactly as the server stores it (partyNameSchema)', () => {
    for (const name of ['张三', ' 李四 ', '欧阳娜娜', '𠮷野家', '张*', 'Smith', '阿\u00a0依']) {
      expect(maskPartyName(name)).toBe(partyNameSchema.parse(name))
    }
  })
})
