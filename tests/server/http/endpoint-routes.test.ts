import { allEndpoints } from '../../../contracts/endpoints'
import { describeEachStorage } from '../support/storages'
import { buildTestApp } from '../support/test-app'

interface Layer {
  route?: { path: string; methods: Record<string, boolean> }
  handle?: { stack?: Layer[] }
}

/** Every method + path Express will dispatch to a route, read from the app's router stacks. */
function registeredRoutes(stack: Layer[]): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      return Object.entries(layer.route.methods)
        .filter(([method, on]) => on && method !== '_all')
        .map(([method]) => `${method.toUpperCase()} ${layer.route!.path}`)
    }
    return layer.handle?.stack ? registeredRoutes(layer.handle.stack) : []
  })
}

describeEachStorage('the routes the BFF registers', (storage) => {
  it('under /api are exactly the endpoints declared in contracts/endpoints, with their methods, each once', async () => {
    const app = await buildTestApp(storage())
    const routes = registeredRoutes((app as unknown as { router: { stack: Layer[] } }).router.stack)
    const apiRoutes = routes.filter((route) => route.split(' ')[1].startsWith('/api'))
    const declared = allEndpoints.map((endpoint) => `${endpoint.method} ${endpoint.path}`)

    expect(new Set(declared).size).toBe(declared.length)
    expect(new Set(apiRoutes).size).toBe(apiRoutes.length)
    expect([...apiRoutes].sort()).toEqual([...declared].sort())
    // outside /api only the H5 site's own routes (robots.txt and the app fallback) may exist
    expect(routes.filter((route) => !route.split(' ')[1].startsWith('/api')).every((route) => route.startsWith('GET /'))).toBe(true)
  })
})
