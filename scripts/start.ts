// `npm start`: one URL for the product — build the H5 app when needed, then run the BFF, which serves it.
import { buildIfStale } from './build-if-stale'

buildIfStale('h5')
void import('../server/main')
