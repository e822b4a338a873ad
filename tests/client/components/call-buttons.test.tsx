import { dialNumbers } from '../../../client/components/stations/call-buttons'

describe('dialNumbers (拨打 on every station view)', () => {
  it('gives each number its own entry and never dials an extension', () => {
    expect(dialNumbers('023-76661234转801、13800138000')).toEqual([
      { text: '023-76661234转801', number: '023-76661234', extension: '801' },
      { text: '13800138000', number: '13800138000', extension: null },
    ])
    expect(dialNumbers('0851-1234567；12348')).toEqual([
      { text: '0851-1234567', number: '0851-1234567', extension: null },
      { text: '12348', number: '12348', extension: null },
    ])
    expect(dialNumbers('（023）7666 1234')).toEqual([{ text: '（023）7666 1234', number: '02376661234', extension: null }])
    expect(dialNumbers('暂无')).toEqual([])
  })
})
