// `react-dom` for the mini program built with Preact. Taro 4.2.1's mini runtime calls
// `ReactDOM.createRoot` whenever `React.version` starts with 18, and preact/compat says 18.3.1
// but keeps createRoot in preact/compat/client (NervJS/taro#17641, open). H5 is not affected:
// Taro's H5 loader already imports react-dom/client there.
import ReactDOM from 'preact/compat'
import { createRoot, hydrateRoot } from 'preact/compat/client'

export * from 'preact/compat'
export { createRoot, hydrateRoot }
export default Object.assign({}, ReactDOM, { createRoot: createRoot, hydrateRoot: hydrateRoot })
