import fs from 'node:fs'
import path from 'node:path'
import type { Compiler } from 'webpack'

/** Where a module's source lives, as a library name (`zod`, `@tarojs/runtime`) or a repo folder (`contracts`). */
export function moduleOwner(resource: string, root: string): string {
  const normalized = resource.split(path.sep).join('/')
  const marker = '/node_modules/'
  const at = normalized.lastIndexOf(marker)
  if (at >= 0) {
    const parts = normalized.slice(at + marker.length).split('/')
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]
  }
  const relative = path.relative(root, resource).split(path.sep).join('/')
  const [top, second] = relative.split('/')
  return top === 'client' && second ? `client/${second}` : top
}

export interface ChunkManifest {
  chunks: {
    files: string[]
    /** loaded by index.html itself (the entry), not on demand */
    initial: boolean
    /** bytes (before minification) per library or repo folder */
    owners: Record<string, number>
    /** every source file in the chunk, relative to the repo, largest first */
    modules: { resource: string; bytes: number }[]
  }[]
}

/**
 * Writes, next to the H5 output, which chunk carries which library (bytes before minification),
 * so a test over the build can prove shared code ships once and a person can see what weighs.
 */
export class ChunkManifestPlugin {
  constructor(private readonly params: { outputFile: string; root: string }) {}

  apply(compiler: Compiler): void {
    compiler.hooks.afterEmit.tap('ChunkManifestPlugin', (compilation) => {
      const chunks: ChunkManifest['chunks'] = []
      for (const chunk of compilation.chunks) {
        const owners: Record<string, number> = {}
        const modules: { resource: string; bytes: number }[] = []
        for (const module of compilation.chunkGraph.getChunkModulesIterable(chunk)) {
          // concatenated modules hold several sources; count each one
          const inner = (module as unknown as { modules?: Iterable<unknown> }).modules
          for (const part of inner ? [...inner] : [module]) {
            const resource = (part as { resource?: string }).resource
            if (!resource) continue
            const owner = moduleOwner(resource.split('?')[0], this.params.root)
            const bytes = (part as { size: () => number }).size() || 0
            owners[owner] = (owners[owner] ?? 0) + bytes
            modules.push({ resource: path.relative(this.params.root, resource.split('?')[0]).split(path.sep).join('/'), bytes })
          }
        }
        chunks.push({
          files: [...chunk.files].filter((file) => file.endsWith('.js') || file.endsWith('.css')),
          initial: chunk.canBeInitial(),
          owners,
          modules: modules.sort((a, b) => b.bytes - a.bytes),
        })
      }
      fs.mkdirSync(path.dirname(this.params.outputFile), { recursive: true })
      fs.writeFileSync(this.params.outputFile, `${JSON.stringify({ chunks } satisfies ChunkManifest, null, 1)}\n`)
    })
  }
}
