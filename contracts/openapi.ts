import * as z from 'zod/mini'
import { commonErrorCodes, type Endpoint, type ResponseBody } from './endpoint'
import { endpointsByName, type EndpointName } from './endpoints'
import { endpointSummaries } from './endpoint-summaries'
import { errorCatalogue, type ErrorCode } from './error-codes'
import { apiErrorSchema } from './errors'

/**
 * The OpenAPI 3.1 document of the BFF, generated from contracts/endpoints: what a county's IT
 * staff or another platform reads to integrate without reading our code. Served at
 * `/api/openapi.json`; a test validates it with a standard validator.
 */

type JsonSchema = Record<string, unknown>

/**
 * Recursive parts (a report's nested sections) come out of zod as `$defs` local to one schema;
 * in the document they move to components.schemas, where every `$ref` can reach them.
 */
type Convert = (schema: z.ZodMiniType, io: 'input' | 'output') => JsonSchema

function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output', hoisted: Record<string, JsonSchema>): JsonSchema {
  // refinements and transforms have no JSON Schema form; the documented shape is what is checked first
  const { $schema: _dialect, $defs, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema
  if (!$defs) return rest
  const renamed = new Map<string, string>()
  for (const name of Object.keys($defs as JsonSchema)) renamed.set(name, `Nested${Object.keys(hoisted).length + renamed.size + 1}`)
  const retarget = (text: string) => text.replace(/"#\/\$defs\/([^"]+)"/g, (_match, name: string) => `"#/components/schemas/${renamed.get(name) ?? name}"`)
  for (const [name, definition] of Object.entries($defs as JsonSchema))
    hoisted[renamed.get(name)!] = JSON.parse(retarget(JSON.stringify(definition))) as JsonSchema
  return JSON.parse(retarget(JSON.stringify(rest))) as JsonSchema
}

const tagNames: Record<Endpoint['tag'], string> = {
  health: '运行状态与接口说明',
  home: '首页',
  reports: '法治政府建设报告',
  stations: '公共法律服务站名录',
  scenes: '小程序码',
  auth: '登录',
  bookings: '法律援助咨询预约',
  staff: '服务站工作人员',
  mediations: '法律明白人调解记录',
  qr: '网页二维码',
}

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, '{$1}')
}

function parameters(endpoint: Endpoint, convert: Convert): JsonSchema[] {
  const list: JsonSchema[] = []
  const add = (where: 'path' | 'query' | 'header', schema: z.ZodMiniType | undefined) => {
    if (!schema) return
    const object = convert(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] }
    for (const [name, property] of Object.entries(object.properties ?? {})) {
      const { description, ...propertySchema } = property
      list.push({
        name,
        in: where,
        required: where === 'path' || (object.required ?? []).includes(name),
        schema: propertySchema,
        ...(typeof description === 'string' ? { description } : {}),
      })
    }
  }
  add('path', endpoint.params)
  add('query', endpoint.query)
  add('header', endpoint.headers)
  return list
}

function content(body: ResponseBody, convert: Convert): JsonSchema | undefined {
  if (body === null) return undefined
  if ('raw' in body) return { [body.raw]: { schema: { type: 'string', contentEncoding: 'binary', description: body.description } } }
  return { 'application/json': { schema: convert(body, 'output') } }
}

const successDescriptions: Record<number, string> = {
  200: '成功',
  201: '已创建',
  204: '成功，无内容',
  304: '未改变（If-None-Match 命中）',
  409: '冲突（附带数据）',
  503: '服务不可用',
}

function responses(endpoint: Endpoint, convert: Convert): JsonSchema {
  const answers: JsonSchema = {}
  for (const [status, body] of Object.entries(endpoint.responses) as [string, ResponseBody][]) {
    const described = content(body, convert)
    answers[status] = { description: successDescriptions[Number(status)] ?? status, ...(described ? { content: described } : {}) }
  }
  // error answers grouped by status; each lists its codes and their messages
  const codes: ErrorCode[] = [...new Set<ErrorCode>([...endpoint.errors, ...commonErrorCodes])]
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of codes) {
    const status = errorCatalogue[code].status
    byStatus.set(status, [...(byStatus.get(status) ?? []), code])
  }
  for (const [status, statusCodes] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    const key = String(status)
    const errorBody = { $ref: '#/components/schemas/ApiError' }
    const described = statusCodes.map((code) => `\`${code}\`：${errorCatalogue[code].message}`).join('；')
    const existing = answers[key] as { description: string; content?: Record<string, { schema: JsonSchema }> } | undefined
    if (existing?.content) {
      // a 409 that carries data (SLOT_FULL, VERSION_CONFLICT) or the other conflicts' plain error
      answers[key] = {
        description: `${existing.description}。${described}`,
        content: { 'application/json': { schema: { oneOf: [existing.content['application/json'].schema, errorBody] } } },
      }
    } else {
      answers[key] = { description: described, content: { 'application/json': { schema: errorBody } } }
    }
  }
  return answers
}

function operation(name: EndpointName, endpoint: Endpoint, convert: Convert): JsonSchema {
  return {
    operationId: name,
    summary: endpointSummaries[name],
    tags: [endpoint.tag],
    ...(endpoint.auth ? { security: [{ bearer: [] }], description: `需要登录：${endpoint.auth.join('、')}` } : {}),
    parameters: parameters(endpoint, convert),
    ...(endpoint.body ? { requestBody: { required: true, content: { 'application/json': { schema: convert(endpoint.body, 'input') } } } } : {}),
    responses: responses(endpoint, convert),
  }
}

/** The error body, its `code` an enum of the catalogue (on the wire it is a string, so old clients read new codes). */
function apiErrorJsonSchema(convert: Convert): JsonSchema {
  const schema = convert(apiErrorSchema, 'output') as { properties: { error: { properties: { code: JsonSchema } } } }
  schema.properties.error.properties.code = { type: 'string', enum: Object.keys(errorCatalogue) }
  return schema as unknown as JsonSchema
}

export function openApiDocument(params: { version: string }): JsonSchema {
  const hoisted: Record<string, JsonSchema> = {}
  const convert: Convert = (schema, io) => jsonSchema(schema, io, hoisted)
  const paths: Record<string, Record<string, JsonSchema>> = {}
  for (const [name, endpoint] of Object.entries(endpointsByName) as [EndpointName, Endpoint][]) {
    const path = openApiPath(endpoint.path)
    paths[path] = { ...paths[path], [endpoint.method.toLowerCase()]: operation(name, endpoint, convert) }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '法治通 BFF',
      version: params.version,
      description:
        '县级公共法律服务：报告、服务站名录、法律援助咨询预约、法律明白人调解记录。错误时的回答都是 ApiError，message 为中文，fields 指出有误的字段。',
    },
    tags: Object.entries(tagNames).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: { ApiError: apiErrorJsonSchema(convert), ...hoisted },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'POST /api/auth/login 得到的 token' } },
    },
  }
}
