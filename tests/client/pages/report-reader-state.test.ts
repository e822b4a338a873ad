import { initialReaderState, readerReducer } from '../../../client/pages/report/reader-state'

describe('the report reader: what shows around the text', () => {
  it('when opened from a link, shows the first section and keeps the section the link names in focus', () => {
    const state = initialReaderState({ section: 's-3', takeover: null })
    expect(state).toMatchObject({ shownSections: 1, focusedAnchor: 's-3', searchOpen: false, tocOpen: false })
  })

  it('when taken over from the document by a tap on search, shows the whole text with search open', () => {
    expect(initialReaderState({ section: null, takeover: { action: 'search' } })).toMatchObject({ shownSections: Number.MAX_SAFE_INTEGER, searchOpen: true })
  })

  it('when the reader jumps, shows every section, marks the words found and closes both tables of contents', () => {
    let state = initialReaderState({ section: null, takeover: null })
    state = readerReducer(state, { type: 'toggle', panel: 'tocOpen' })
    state = readerReducer(state, { type: 'toggle', panel: 'dockTocOpen' })
    state = readerReducer(state, { type: 'jumped', anchor: 's-2-p-4', terms: ['法律援助'] })
    expect(state).toMatchObject({
      tocOpen: false,
      dockTocOpen: false,
      focusedAnchor: 's-2-p-4',
      landedTerms: ['法律援助'],
      shownSections: Number.MAX_SAFE_INTEGER,
    })
  })

  it('when scrolled without crossing the dock line, answers the same state (no re-render)', () => {
    const state = initialReaderState({ section: null, takeover: null })
    expect(readerReducer(state, { type: 'scrolled', docked: false })).toBe(state)
    expect(readerReducer(state, { type: 'scrolled', docked: true }).docked).toBe(true)
  })

  it('when 回到顶部 is tapped, closes the dock TOC and leaves the rest', () => {
    const open = readerReducer(initialReaderState({ section: null, takeover: null }), { type: 'toggle', panel: 'dockTocOpen' })
    expect(readerReducer(open, { type: 'to-top' })).toEqual({ ...open, dockTocOpen: false })
    expect(readerReducer(open, { type: 'next-section' }).shownSections).toBe(2)
  })
})
