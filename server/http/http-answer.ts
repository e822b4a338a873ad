import type { Response } from 'express'

/** What a service answers when the status depends on the rules (201 vs 200 replay, 409 with data). */
export interface HttpAnswer {
  status: number
  body: unknown
  headers?: Record<string, string>
}

export function sendAnswer(res: Response, answer: HttpAnswer): void {
  if (answer.headers) res.set(answer.headers)
  res.status(answer.status).json(answer.body)
}
