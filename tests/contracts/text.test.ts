import * as z from 'zod/mini'
import {
  characterCount,
  clipCharacters,
  cancelBookingRequestSchema,
  createBookingRequestSchema,
  createMediationRequestSchema,
  hasControlCharacter,
  hasLoneSurrogate,
  plainText,
  reportIdSchema,
  reportSearchQuerySchema,
  scheduleSchema,
  staffLoginRequestSchema,
  stationListQuerySchema,
  volunteerLoginRequestSchema,
} from '../../contracts'
import { mediationRecord } from '../support/mediation-records'

const CONTROL = ['\u0000', '\u0001', '\u0007', '\u000b', '\u000c', '\r', '\u001b', '\u001f', '\u007f']
const LONE_SURROGATES = ['\ud800', '\udfff', 'a\ud83dz', '\ude00b']

describe('hasControlCharacter and hasLoneSurrogate', () => {
  it.each(CONTROL)('finds the control character %j, in single-line and multi-line text', (character) => {
    expect(hasControlCharacter(`张${character}三`, { multiline: false })).toBe(true)
    expect(hasControlCharacter(`张${character}三`, { multiline: true })).toBe(true)
  })

  it('allows tab and newline in multi-line text only', () => {
    expect(hasControlCharacter('第一行\n第二行\t续', { multiline: true })).toBe(false)
    expect(hasControlCharacter('第一行\n第二行', { multiline: false })).toBe(true)
    expect(hasControlCharacter('甲\t乙', { multiline: false })).toBe(true)
  })

  it('finds a high or low surrogate on its own, and passes a whole emoji and plain Chinese', () => {
    for (const text of LONE_SURROGATES) expect(hasLoneSurrogate(text)).toBe(true)
    expect(hasLoneSurrogate('调解成功😀，双方握手')).toBe(false)
    expect(hasLoneSurrogate('𠀀字（扩展 B 区）')).toBe(false)
  })
})

describe('plainText', () => {
  const name = plainText({ min: 1, max: 30, tooShort: '请填写姓名' })
  const note = plainText({ max: 500, multiline: true })

  it('trims, then checks the length with the given Chinese message', () => {
    expect(name.parse('  张三  ')).toBe('张三')
    const empty = z.safeParse(name, '   ')
    expect(empty.error?.issues.map((issue) => issue.message)).toEqual(['请填写姓名'])
  })

  it('refuses NUL, other control characters and lone surrogates with a Chinese message', () => {
    for (const bad of [...CONTROL.map((character) => `张${character}三`), ...LONE_SURROGATES]) {
      const result = z.safeParse(name, bad)
      expect(result.success).toBe(false)
      expect(result.error?.issues[0].message).toMatch(/\p{Script=Han}/u)
    }
  })

  it('keeps newlines and tabs in multi-line text but not in a single-line field', () => {
    expect(note.parse('第一行\n\t第二行')).toBe('第一行\n\t第二行')
    expect(z.safeParse(name, '张\n三').success).toBe(false)
  })
})

describe('every free-text field of a request refuses control characters and lone surrogates', () => {
  const booking = {
    stationId: '500241103-ws',
    slotStart: '2026-11-27T09:00:00+08:00',
    matter: 'land',
    description: '宅基地',
    name: '张三',
    phone: '13800138000',
    consent: true,
  }
  const mediation = mediationRecord({ id: '6f1c1d3e-8d7a-4c1b-9a55-2f7b1e0c9d11', summary: '口头协议' })
  const cases: [string, z.core.$ZodType, (bad: string) => unknown][] = [
    ['booking name', createBookingRequestSchema, (bad) => ({ ...booking, name: bad })],
    ['booking description', createBookingRequestSchema, (bad) => ({ ...booking, description: bad })],
    [
      'booking agent name',
      createBookingRequestSchema,
      (bad) => ({ ...booking, proxy: { agentName: bad, agentRole: 'family', agentPhone: '13900139000', personAgreed: true } }),
    ],
    ['booking WeChat code', createBookingRequestSchema, (bad) => ({ ...booking, wechatCode: bad })],
    ['cancel reason', cancelBookingRequestSchema, (bad) => ({ phoneLast4: '8000', reason: bad })],
    ['staff username', staffLoginRequestSchema, (bad) => ({ username: bad, password: 'secret-1' })],
    ['staff password', staffLoginRequestSchema, (bad) => ({ username: 'staff', password: bad })],
    ['volunteer invite code', volunteerLoginRequestSchema, (bad) => ({ phone: '13800138000', inviteCode: bad })],
    ['mediation town', createMediationRequestSchema, (bad) => ({ ...mediation, town: bad })],
    ['mediation village', createMediationRequestSchema, (bad) => ({ ...mediation, village: bad })],
    ['mediation summary', createMediationRequestSchema, (bad) => ({ ...mediation, summary: bad })],
    ['mediation party name', createMediationRequestSchema, (bad) => ({ ...mediation, partyNames: [bad] })],
    ['mediation referred to', createMediationRequestSchema, (bad) => ({ ...mediation, outcome: 'referred', agreement: 'none', referredTo: bad })],
    ['zero report village', createMediationRequestSchema, (bad) => ({ kind: 'zero_report', id: mediation.id, month: '2026-10', town: '隘口镇', village: bad })],
    ['closed-day reason', scheduleSchema, (bad) => ({ weekly: [], exceptions: [{ kind: 'closed', date: '2026-12-01', reason: bad }] })],
    ['report id', reportIdSchema, (bad) => bad],
    ['report search query', reportSearchQuerySchema, (bad) => ({ q: bad })],
    ['station search query', stationListQuerySchema, (bad) => ({ q: bad })],
  ]

  it.each(cases)('%s', (_field, schema, withBad) => {
    for (const bad of ['张\u0000三丰李四', '张\u001b三丰李四', '张\ud800三丰李四']) expect(z.safeParse(schema, withBad(bad)).success).toBe(false)
    expect(z.safeParse(schema, withBad('张三丰李四王')).success).toBe(true)
  })
})

describe('scheduleSchema', () => {
  it('refuses unknown fields at every level, as every other request body does', () => {
    const schedule = {
      weekly: [{ weekday: 1, start: '09:00', end: '12:00', slotMinutes: 30, capacity: 2 }],
      exceptions: [{ kind: 'closed', date: '2026-12-01' }],
    }
    expect(z.safeParse(scheduleSchema, schedule).success).toBe(true)
    expect(z.safeParse(scheduleSchema, { ...schedule, capacity: 5 }).success).toBe(false)
    expect(z.safeParse(scheduleSchema, { ...schedule, exceptions: [{ kind: 'closed', date: '2026-12-01', note: 'x' }] }).success).toBe(false)
  })
})

describe('characterCount and clipCharacters: lengths as people count them, on the phone and the server alike', () => {
  it('counts an emoji and a character outside the BMP (𠀀) once, where JavaScript’s length counts two', () => {
    expect(characterCount('调解成功😀')).toBe(5)
    expect('调解成功😀'.length).toBe(6)
    expect(characterCount('𠀀字')).toBe(2)
    expect(characterCount('')).toBe(0)
  })

  it('a 500-character limit takes 500 emoji (1,000 UTF-16 units) and refuses 501 as too_big with the field’s message', () => {
    const note = plainText({ max: 500, multiline: true, tooLong: '最多 500 个字' })
    expect(z.safeParse(note, '😀'.repeat(500)).success).toBe(true)
    const over = z.safeParse(note, '😀'.repeat(501))
    expect(over.error?.issues.map((issue) => [issue.code, issue.message])).toEqual([['too_big', '最多 500 个字']])
    expect(
      createMediationRequestSchema.safeParse({
        kind: 'mediation',
        id: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
        occurredOn: '2026-11-20',
        town: '隘口镇',
        village: '示例村',
        disputeType: 'neighbor',
        source: 'application',
        partiesCount: 2,
        summary: '👍'.repeat(1000),
        outcome: 'success',
        agreement: 'oral',
      }).success,
    ).toBe(true)
  })

  it('without its own message, a limit says it in Chinese', () => {
    expect(z.safeParse(plainText({ max: 3 }), '四个字呀').error?.issues[0].message).toBe('最多 3 个字')
    expect(z.safeParse(plainText({ min: 1, max: 3 }), ' ').error?.issues[0].message).toBe('必填')
  })

  it('clips to a number of characters without cutting an emoji in half', () => {
    expect(clipCharacters('ab😀cd', 3)).toBe('ab😀')
    expect(clipCharacters('短', 3)).toBe('短')
  })
})
