import type { Endpoint } from '../endpoint'
import * as auth from './auth'
import * as bookings from './bookings'
import * as mediations from './mediations'
import * as publicEndpoints from './public'
import * as stations from './stations'

function isEndpoint(value: unknown): value is Endpoint {
  return typeof value === 'object' && value !== null && 'method' in value && 'path' in value && 'responses' in value
}

/**
 * Every endpoint of the BFF by its name (the OpenAPI operationId). The server and the OpenAPI
 * document import this; the client imports the domain files one by one, so a subpackage's
 * schemas stay out of the main package.
 */
export const endpointsByName: Readonly<Record<string, Endpoint>> = Object.fromEntries(
  [publicEndpoints, stations, bookings, auth, mediations].flatMap((module) => Object.entries(module).filter((entry): entry is [string, Endpoint] => isEndpoint(entry[1]))),
)

export const allEndpoints: readonly Endpoint[] = Object.values(endpointsByName)
