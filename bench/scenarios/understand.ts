// How long intake takes to read one message (the red line, the model's features and weights, the location), over
// every corpus text, warm; and what the loaded model costs in memory and at start.
import { readCorpus } from '../../src/cli/corpus.js'
import { readModelFile, SHIPPED_MODEL_FILE } from '../../src/parse/current-model.js'
import { analyzeReport } from '../../src/parse/report.js'
import { report } from './common.js'

const texts = readCorpus().map((e) => e.text)
const heapBefore = process.memoryUsage().heapUsed
const loadStarted = performance.now()
const model = readModelFile(SHIPPED_MODEL_FILE)
const loadMs = performance.now() - loadStarted
const modelHeapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20
for (const t of texts) analyzeReport(t, model) // warm
const rounds = Number(process.argv[2] ?? 5)
const started = performance.now()
for (let r = 0; r < rounds; r++) for (const t of texts) analyzeReport(t, model)
const seconds = (performance.now() - started) / 1000
const n = rounds * texts.length
report({
  scenario: 'understand',
  messages: n,
  perSecond: Math.round(n / seconds),
  microsPerMessage: Number(((seconds / n) * 1e6).toFixed(1)),
  modelLoadMs: Math.round(loadMs),
  modelHeapMb: Number(modelHeapMb.toFixed(1)),
  features: Object.keys(model.weights).length,
})
