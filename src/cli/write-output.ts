import { randomBytes } from 'node:crypto'
import { rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { OutputError } from '../errors.js'

/** Why a file could not be written, in the words `ls` and `cp` use. */
const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a parent is not a directory',
  EISDIR: 'is a directory',
  EROFS: 'read-only file system',
  EFBIG: 'file too large',
  EIO: 'input/output error',
  EBADF: 'the file is closed',
}

/** A file-system error as a few plain words, never a stack or Node's internal wording. */
export function describeFileError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined
  if (code !== undefined) return FILE_ERRORS[code] ?? code
  return error instanceof Error ? (error.message.split('\n')[0] ?? 'unknown error') : String(error)
}

/**
 * Writes `text` to `target` so that it is either entirely the new content or left as it was: the
 * text goes to a temporary file in the same directory, which is then renamed over the target (a
 * rename within one file system is atomic). A target that exists and is not a regular file
 * (`/dev/stdout`, a FIFO, `/dev/full`) is written directly: renaming over it would replace the
 * device node itself. Failures are one-line UserErrors (exit 2).
 */
export async function writeFileAtomically(target: string, text: string, write: typeof writeFile = writeFile): Promise<void> {
  const existing = await stat(target).catch(() => undefined)
  try {
    if (existing !== undefined && !existing.isFile()) {
      await write(target, text)
      return
    }
    const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`)
    try {
      await write(temporary, text, { mode: existing === undefined ? 0o644 : existing.mode & 0o777 })
      await rename(temporary, target)
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined)
      throw error
    }
  } catch (error) {
    throw new OutputError(`cannot write ${target}: ${describeFileError(error)}`, { cause: error })
  }
}
