import { stationPhoneSchema } from '../../../../contracts/station'
import { joinPhones, readPhones } from '../../../../server/stations/directory/phone-numbers'

// every number here is invented: local numbers never start with 0, so 023-0xxxxxxx cannot be anyone's

describe('readPhones', () => {
  it.each([
    ['full-width digits and dash', '０２３－０６６６１２３４', ['023-06661234']],
    ['an em dash and spaces inside the number', '023—0666 1234', ['023-06661234']],
    ['the area code in brackets, full-width', '（０２３）０６６６１２３４', ['023-06661234']],
    ['no dash after the area code', '02306661234', ['023-06661234']],
    ['a four-digit area code', '0851-0234567', ['0851-0234567']],
    ['a Beijing number', '010 0666 1234', ['010-06661234']],
    ['a mobile in groups', '138 0000 0011', ['13800000011']],
    ['+86 before a mobile', '+86 138-0000-0011', ['13800000011']],
    ['+86 before a landline', '+86 23 0666 1234', ['023-06661234']],
    ['a hotline', '12348', ['12348']],
    ['a 400 number', '400-800-0000', ['4008000000']],
    ['a local number without area code, kept as written', '2666-1234', ['26661234']],
    ['a label before the number', '值班电话：023-06661234', ['023-06661234']],
  ])('reads %s', (_name, value, numbers) => {
    expect(readPhones({ value })).toEqual({ numbers, dropped: [], hint: null })
  })

  it.each([
    ['转', '023-06661234转8001'],
    ['转 with spaces', '023-06661234 转 8001'],
    ['分机', '023-06661234分机8001'],
    ['分机号： and full-width', '０２３－０６６６１２３４ 分机号：８００１'],
    ['ext', '023-06661234 ext. 8001'],
    ['a trailing dash group', '023-06661234-8001'],
    ['brackets and a trailing dash group', '(023)0666-1234-8001'],
    ['an extension after a comma', '023-06661234，分机8001'],
  ])('keeps an extension written with %s as 转', (_name, value) => {
    expect(readPhones({ value }).numbers).toEqual(['023-06661234转8001'])
  })

  it('reads several numbers, separated by 、，,;；/ 或 or whitespace, once each', () => {
    expect(readPhones({ value: '023-06661234、13800000011，12348;023-06661235；023-06661236/023-06661237或023-06661238' }).numbers).toEqual([
      '023-06661234',
      '13800000011',
      '12348',
      '023-06661235',
      '023-06661236',
      '023-06661237',
      '023-06661238',
    ])
    expect(readPhones({ value: '023-06661234 13800000011' }).numbers).toEqual(['023-06661234', '13800000011'])
    expect(readPhones({ value: '023-0666 1234 13800000011' }).numbers).toEqual(['023-06661234', '13800000011'])
    expect(readPhones({ value: '023-06661234、０２３－０６６６１２３４' }).numbers).toEqual(['023-06661234'])
  })

  it('keeps the good numbers and returns the parts that are not numbers', () => {
    expect(readPhones({ value: '023-06661234、待定' })).toEqual({ numbers: ['023-06661234'], dropped: ['待定'], hint: null })
    expect(readPhones({ value: 'call me' })).toEqual({ numbers: [], dropped: ['call me'], hint: null })
    expect(readPhones({ value: '023-0666' })).toEqual({ numbers: [], dropped: ['023-0666'], hint: null })
    expect(readPhones({ value: '+44 20 7946 0000' }).numbers).toEqual([])
  })

  it('says when Excel turned the number into scientific notation', () => {
    expect(readPhones({ value: '1.38E+10' }).hint).toMatch(/科学计数法/u)
  })

  it('gives only forms the station contract accepts', () => {
    for (const value of ['０２３－０６６６１２３４', '023-06661234转8001', '13800000011、12348', '0851-0234567 分机 12']) {
      for (const number of readPhones({ value }).numbers) expect(stationPhoneSchema.safeParse(number).success).toBe(true)
    }
  })
})

describe('joinPhones', () => {
  it('joins with 、 and leaves out what does not fit', () => {
    expect(joinPhones({ numbers: ['023-06661234', '12348'], maxLength: 60 })).toEqual({ phone: '023-06661234、12348', left: [] })
    expect(joinPhones({ numbers: ['023-06661234', '023-06661235', '023-06661236'], maxLength: 30 })).toEqual({
      phone: '023-06661234、023-06661235',
      left: ['023-06661236'],
    })
    expect(joinPhones({ numbers: [], maxLength: 60 })).toEqual({ phone: null, left: [] })
  })
})
