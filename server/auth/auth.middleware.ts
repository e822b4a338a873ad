import type { RequestHandler, Response } from 'express'
import { AppError } from '../errors/app-error'
import type { AuthService } from './auth.service'
import { unauthorized } from './auth.service'
import type { UserRole } from '../../contracts/auth'
import type { User } from './user.repository'

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/.exec(header ?? '')
  return match ? match[1] : null
}

/** The signed-in user of this request, set by requireUser. */
export function currentUser(res: Response): User {
  return res.locals.user as User
}

/** 401 without a live token; a wrong role is 404, like a resource the user cannot see. */
export function requireUser(params: { auth: AuthService; roles: readonly UserRole[] }): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req.headers.authorization)
    if (!token) throw unauthorized()
    const user = await params.auth.authenticate(token)
    if (!params.roles.includes(user.role)) throw AppError.notFound()
    res.locals.user = user
    res.locals.token = token
    next()
  }
}
