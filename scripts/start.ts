// `npm start`, first half: build what is missing or older than its sources — the H5 app the BFF
// serves and the compiled BFF itself. package.json then runs the BFF with plain node
// (`node dist/server/main.js`): tsx is for development and scripts, not for serving.
import { buildIfStale } from './build-if-stale'

buildIfStale('h5')
buildIfStale('server')
