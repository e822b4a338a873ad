/**
 * The document pages' script (issue 24), H5 only: the BFF writes the reader and 首页 as documents
 * and loads this instead of the app; each part starts only on its own page.
 */
import { startHomeDocument } from './home-document'
import { startReaderDocument } from './reader-document'

if (typeof document !== 'undefined' && typeof window !== 'undefined') {
  startReaderDocument({ doc: document, win: window })
  startHomeDocument({ doc: document, win: window })
}
