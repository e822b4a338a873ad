import { parseCsv } from '../../../../server/stations/directory/csv'

function cellsOf(text: string): string[][] {
  const result = parseCsv({ text })
  if (!result.ok) throw new Error(result.error)
  return result.records.map((record) => record.cells)
}

describe('parseCsv', () => {
  it('splits records on commas and line breaks', () => {
    expect(cellsOf('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ])
  })

  it('keeps commas, line breaks and escaped quotes inside quoted fields', () => {
    expect(cellsOf('name,address\n"站,一","第一行\n第二行"\n"他说""你好""",x')).toEqual([
      ['name', 'address'],
      ['站,一', '第一行\n第二行'],
      ['他说"你好"', 'x'],
    ])
  })

  it('accepts CRLF, LF and CR line ends, also inside one file', () => {
    expect(cellsOf('a,b\r\n1,2\n3,4\r5,6')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ])
  })

  it('keeps CRLF inside a quoted field as written', () => {
    expect(cellsOf('a\r\n"x\r\ny"\r\n')).toEqual([['a'], ['x\r\ny']])
  })

  it('ignores a leading byte order mark', () => {
    expect(cellsOf('\uFEFFid,name\n1,中心')).toEqual([
      ['id', 'name'],
      ['1', '中心'],
    ])
  })

  it('adds no empty record for a final line break or for blank lines', () => {
    expect(cellsOf('a\n\n1\r\n\r\n')).toEqual([['a'], ['1']])
  })

  it('keeps empty fields, including a trailing one', () => {
    expect(cellsOf('a,,c,\n,,,')).toEqual([
      ['a', '', 'c', ''],
      ['', '', '', ''],
    ])
    expect(cellsOf('"",x')).toEqual([['', 'x']])
  })

  it('keeps a quote inside an unquoted field as text', () => {
    expect(cellsOf('5"3,x')).toEqual([['5"3', 'x']])
  })

  it('reports the line each record starts on', () => {
    const result = parseCsv({ text: 'h\n"a\nb"\n\nc' })
    expect(result.ok && result.records.map((record) => record.line)).toEqual([1, 2, 5])
  })

  it('rejects an unclosed quote, naming the line it opened on', () => {
    const result = parseCsv({ text: 'a,b\n1,"open\n2,3\n' })
    expect(result).toEqual({ ok: false, error: '第 2 行开始的引号没有闭合', line: 2 })
  })

  it('reads an empty text as no records', () => {
    expect(cellsOf('')).toEqual([])
  })
})

describe('parseCsv with a tab delimiter (Excel "Unicode 文本")', () => {
  it('splits on tabs and keeps commas inside cells', () => {
    const result = parseCsv({ text: '名称\t地址\n中心\t示例路1号, 二楼\n', delimiter: '\t' })
    expect(result.ok && result.records.map((record) => record.cells)).toEqual([
      ['名称', '地址'],
      ['中心', '示例路1号, 二楼'],
    ])
  })
})
