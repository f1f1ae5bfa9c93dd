import type { Repos } from '../domain/ports.js'
import { createAccountsRepo } from './accounts-repo.js'
import { createCaseQueries } from './case-queries.js'
import { createCasesRepo } from './cases-repo.js'
import { createCorrectionRepo } from './corrections-repo.js'
import type { OpenDatabase } from './database.js'
import { createDirectoryRepo } from './directory-repo.js'
import { createDispatchesRepo } from './dispatches-repo.js'
import { createEldersRepo } from './elders-repo.js'
import { createFiringsRepo } from './firings-repo.js'
import { createInboundRepo } from './inbound-repo.js'
import { createMembersRepo } from './members-repo.js'
import { createNoticesRepo } from './notices-repo.js'
import { createOutboxRepo } from './outbox-repo.js'
import { createPresenceRepo } from './presence-repo.js'

/** Every repository over one database, plus its synchronous transaction. */
export function createRepos(open: OpenDatabase): Repos {
  return {
    directory: createDirectoryRepo(open.db),
    members: createMembersRepo(open.db),
    cases: createCasesRepo(open.db),
    caseQueries: createCaseQueries(open.db),
    inbound: createInboundRepo(open.db),
    outbox: createOutboxRepo(open.db),
    firings: createFiringsRepo(open.db),
    notices: createNoticesRepo(open.db),
    corrections: createCorrectionRepo(open.db),
    dispatches: createDispatchesRepo(open.db),
    elders: createEldersRepo(open.db),
    presence: createPresenceRepo(open.db),
    accounts: createAccountsRepo(open.db),
    /** Runs `fn` in one SQLite transaction; `fn` must be synchronous (an async one would not roll back). */
    transaction<T>(fn: () => T): T {
      return open.sqlite.transaction(fn)()
    },
  }
}

export type { Repos }
