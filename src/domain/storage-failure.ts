/**
 * SQLite and file-system codes that say the database could not write (a full disk, an I/O error, a read-only or
 * locked file), as opposed to a bug in a command: the message was not stored, and trying again later may work.
 */
const STORAGE_CODE = /^(SQLITE_(FULL|IOERR|READONLY|CANTOPEN|BUSY|LOCKED|CORRUPT|NOTADB|PERM|PROTOCOL|NOMEM)\w*|ENOSPC|EIO|EROFS|EDQUOT)$/

/** True when `err` (or the error it wraps, as drizzle does) says the database could not write. */
export function isStorageFailure(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && STORAGE_CODE.test(code)) return true
  }
  return false
}
