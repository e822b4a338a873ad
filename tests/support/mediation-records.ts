import { randomUUID } from 'node:crypto'

/**
 * A volunteer's mediation record as the client sends it (POST /api/mediations, `kind: 'mediation'`):
 * a neighbours' dispute in 隘口镇示例村 settled with an oral agreement. Each test overrides what it
 * is about (its date, village, summary, agreement…); the id is new each time unless given.
 */
export function mediationRecord<Overrides extends Record<string, unknown>>(overrides?: Overrides) {
  return {
    kind: 'mediation',
    id: randomUUID() as string,
    occurredOn: '2026-11-20',
    town: '隘口镇',
    village: '示例村',
    disputeType: 'neighbor',
    source: 'application',
    partiesCount: 2,
    summary: '两户因排水沟占地起争执，经调解达成口头协议。',
    outcome: 'success',
    agreement: 'oral',
    ...overrides,
  }
}
