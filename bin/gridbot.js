#!/usr/bin/env node
// `npx gridbot <command>`: the CLI runs from the TypeScript sources through tsx, as `npm start` does.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli/main.ts')
