import { dialNumbers, posterVerificationText, telHref, verificationNote } from '../../contracts/station-text'

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

describe('telHref (the first screen’s 拨打 links)', () => {
  it('keeps digits, + and -, and dials an extension after a pause', () => {
    expect(telHref('023-76661234')).toBe('tel:023-76661234')
    expect(telHref('023-76661234转801')).toBe('tel:023-76661234,801')
    expect(telHref('（023）7666 1234')).toBe('tel:02376661234')
  })
})

describe('the verification wording', () => {
  it('the station page: a note for a self-report and an unverified station, none once verified', () => {
    expect(verificationNote({ verification: 'verified', verifiedAt: '2026-11-30' })).toBeNull()
    expect(verificationNote({ verification: 'self_reported', verifiedAt: null })).toBe('电话、地址等由服务站自己填写，县司法局还没有核实。')
    expect(verificationNote({ verification: 'unverified', verifiedAt: null })).toBe('服务站信息还没有经司法局核实，去之前可以先拨打 12348 问清楚。')
  })

  it('the door poster: who checked, and when', () => {
    expect(posterVerificationText({ verification: 'verified', verifiedAt: '2026-11-30' })).toBe('县司法局已核实（2026-11-30）')
    expect(posterVerificationText({ verification: 'self_reported', verifiedAt: '2025-01-02' })).toBe('服务站自报（县司法局尚未核实）')
    expect(posterVerificationText({ verifiedAt: null })).toBe('来自县里公布的名录（县司法局尚未核实）')
  })
})
