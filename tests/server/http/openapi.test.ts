import SwaggerParser from '@apidevtools/swagger-parser'
import request from 'supertest'
import type { OpenAPIV3_1 } from 'openapi-types'
import { allEndpoints } from '../../../contracts/endpoints'
import { errorCodes } from '../../../contracts/error-codes'
import { describeEachStorage } from '../support/storages'
import { buildTestApp } from '../support/test-app'

describeEachStorage('GET /api/openapi.json', (storage) => {
  let document: OpenAPIV3_1.Document

  beforeAll(async () => {
    const app = await buildTestApp(storage())
    const response = await request(app).get('/api/openapi.json').expect(200)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    document = response.body as OpenAPIV3_1.Document
  })

  it('is a valid OpenAPI 3.1 document (swagger-parser, with every $ref resolved)', async () => {
    expect(document.openapi).toBe('3.1.0')
    // validate() mutates what it is given; the served copy stays as it was for the other tests
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined()
  })

  it('lists every declared route with its method, and nothing else', () => {
    const listed = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item ?? {}).map((method) => `${method.toUpperCase()} ${path.replace(/\{([A-Za-z]+)\}/g, ':$1')}`),
    )
    expect(listed.sort()).toEqual(allEndpoints.map((endpoint) => `${endpoint.method} ${endpoint.path}`).sort())
  })

  it('describes a booking as an integrator needs it: the body, the 201 answer, the 409 with the next free slots, and each error code with its Chinese message', () => {
    const create = document.paths?.['/api/bookings']?.post
    const body = (create?.requestBody as OpenAPIV3_1.RequestBodyObject).content['application/json'].schema as OpenAPIV3_1.SchemaObject
    expect(body.required).toEqual(expect.arrayContaining(['stationId', 'slotStart', 'phone']))
    const created = (create?.responses?.['201'] as OpenAPIV3_1.ResponseObject).content?.['application/json'].schema as OpenAPIV3_1.SchemaObject
    expect(Object.keys(created.properties ?? {})).toEqual(expect.arrayContaining(['code', 'manageToken', 'slotStart']))
    const conflict = create?.responses?.['409'] as OpenAPIV3_1.ResponseObject
    expect(JSON.stringify(conflict.content)).toContain('nextSlots')
    expect(conflict.description).toContain('SLOT_FULL')
    expect(conflict.description).toContain('约满')
    expect(create?.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'idempotency-key', in: 'header', required: false })]))
  })

  it('marks signed-in endpoints with the bearer scheme and names the error code enum', () => {
    expect(document.paths?.['/api/staff/bookings']?.get?.security).toEqual([{ bearer: [] }])
    expect(document.paths?.['/api/reports']?.get?.security).toBeUndefined()
    const apiError = document.components?.schemas?.ApiError as OpenAPIV3_1.SchemaObject
    const code = ((apiError.properties?.error as OpenAPIV3_1.SchemaObject).properties?.code as OpenAPIV3_1.SchemaObject).enum
    expect(code).toEqual(errorCodes)
  })

  it('names each path parameter of each path', () => {
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      const names = [...path.matchAll(/\{([A-Za-z]+)\}/g)].map((match) => match[1])
      for (const operation of Object.values(item ?? {}) as OpenAPIV3_1.OperationObject[]) {
        const pathParameters = (operation.parameters as OpenAPIV3_1.ParameterObject[])
          .filter((parameter) => parameter.in === 'path')
          .map((parameter) => parameter.name)
        expect(pathParameters.sort()).toEqual([...names].sort())
      }
    }
  })
})
