// npm run eval: intake (the red line, the model at models/category-model.json or the one given, the lexicon's cues)
// against the corpus's evaluation split (corpus/*.tsv, split = eval), which is never trained or tuned on. Prints
// per-category precision and recall, the confusion matrix, safety recall, how many problems are noticed without a
// trigger, how many non-problems would get the question, a line per corpus file and the misses worth reading.
import { readCorpus } from '../../src/cli/corpus.js'
import { evaluationReport } from '../../src/cli/evaluate.js'
import { readModelFile, SHIPPED_MODEL_FILE } from '../../src/parse/current-model.js'

const file = process.argv[2] ?? SHIPPED_MODEL_FILE
const model = readModelFile(file)
const examples = readCorpus().filter((e) => e.split === 'eval')
console.log(`model ${file}: trained ${model.trainedAt} on ${model.examples} examples (${model.corrections} corrections)\n`)
console.log(evaluationReport(examples, model))
