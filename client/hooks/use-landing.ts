import Taro from '@tarojs/taro'
import { useEffect, useMemo, useState } from 'react'
import { resolveScene } from '../services/api'
import { RequestError } from '../services/http'
import type { SceneTarget } from '../../contracts/scenes'
import { appLinkTarget, landingFromTarget, pageUrl, readLanding, UNKNOWN_CODE, type Landing, type LandingPage } from '../services/landing'
import { isTabPage } from '../../contracts/app-pages'

const CODE_OFFLINE = '网络不通，暂时打不开这个码。请稍后再扫，或回首页。'

/** Opens a code's target: tab pages by switchTab (no query), others on top of the current page or instead of it. */
function openTarget(target: SceneTarget, how: 'navigateTo' | 'redirectTo'): void {
  if (isTabPage(target.page)) void Taro.switchTab({ url: `/${target.page}` })
  else if (how === 'navigateTo') void Taro.navigateTo({ url: pageUrl(target) })
  else void Taro.redirectTo({ url: pageUrl(target) })
}

function sceneProblem(error: unknown): string {
  return error instanceof RequestError && error.status === 404 ? UNKNOWN_CODE : CODE_OFFLINE
}

/**
 * The landing of the reader or the station page; a 小程序码's scene is resolved through the BFF
 * first (`resolving` meanwhile), and a code that leads to another page opens that page instead.
 */
export function useLanding(params: { page: LandingPage; query: Readonly<Record<string, string | undefined>> }): Landing & { resolving: boolean } {
  const { page, query } = params
  const read = useMemo(() => readLanding({ page, query }), [page, query])
  const [resolved, setResolved] = useState<Landing | null>(null)

  useEffect(() => {
    if (!read.scene) return
    let current = true
    resolveScene(read.scene)
      .then((target) => {
        if (!current) return
        const outcome = landingFromTarget({ page, target })
        if ('openInstead' in outcome) openTarget(target, 'redirectTo')
        else setResolved(outcome.landing)
      })
      .catch((error: unknown) => {
        if (current) setResolved({ id: null, section: null, problem: sceneProblem(error), scene: null })
      })
    return () => {
      current = false
    }
  }, [page, read.scene])

  if (!read.scene) return { ...read, resolving: false }
  return resolved ? { ...resolved, resolving: false } : { ...read, resolving: true }
}

/**
 * 首页 opened by a code: a 小程序码 made for 首页 (scene) or a 普通链接二维码 (q) that names a
 * report or a station opens it on top of 首页, so 返回 leads home. Returns what to tell the
 * user when the code cannot be opened; null otherwise.
 */
export function useHomeLanding(query: Readonly<Record<string, string | undefined>>): string | null {
  const [problem, setProblem] = useState<string | null>(null)
  const { scene, q } = query
  useEffect(() => {
    if (scene === undefined && q === undefined) return
    let current = true
    const open = (target: SceneTarget) => openTarget(target, 'navigateTo')
    if (scene !== undefined) {
      const landing = readLanding({ page: 'report', query: { scene } })
      if (!landing.scene) {
        setProblem(UNKNOWN_CODE)
        return
      }
      resolveScene(landing.scene)
        .then((target) => {
          if (current && target.page !== 'pages/home/index') open(target)
        })
        .catch((error: unknown) => {
          if (current) setProblem(sceneProblem(error))
        })
    } else if (q !== undefined) {
      let scanned: string | null = null
      try {
        scanned = decodeURIComponent(q)
      } catch {
        scanned = null
      }
      const target = scanned === null ? null : appLinkTarget(scanned)
      // a link to 首页 itself needs nothing more
      if (!target) setProblem('这个码里的链接不是本服务的页面。')
      else if (target.page !== 'pages/home/index') open(target)
    }
    return () => {
      current = false
    }
  }, [scene, q])
  return problem
}
