import type { Endpoint } from '../endpoint'
import * as auth from './auth'
import * as bookings from './bookings'
import * as mediations from './mediations'
import * as phoneCodes from './phone-codes'
import * as publicEndpoints from './public'
import * as staff from './staff'
import * as stationKeeping from './station-keeping'
import * as stations from './stations'

type Modules = typeof publicEndpoints &
  typeof stations &
  typeof bookings &
  typeof staff &
  typeof auth &
  typeof mediations &
  typeof stationKeeping &
  typeof phoneCodes

/** The name of every endpoint (its OpenAPI operationId). */
export type EndpointName = { [K in keyof Modules]: Modules[K] extends Endpoint ? K : never }[keyof Modules]

function isEndpoint(value: unknown): value is Endpoint {
  return typeof value === 'object' && value !== null && 'method' in value && 'path' in value && 'responses' in value
}

/**
 * Every endpoint of the BFF by its name. The server and the OpenAPI document import this; the
 * client imports the domain files one by one, so a subpackage's schemas stay out of the main package.
 */
export const endpointsByName = Object.fromEntries(
  [publicEndpoints, stations, bookings, staff, auth, mediations, stationKeeping, phoneCodes].flatMap((module) =>
    Object.entries(module).filter((entry): entry is [string, Endpoint] => isEndpoint(entry[1])),
  ),
) as Readonly<Record<EndpointName, Endpoint>>

export const allEndpoints: readonly Endpoint[] = Object.values(endpointsByName)
