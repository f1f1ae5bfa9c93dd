// npm run cv [options as JSON]: the numbers the classifier's variants are chosen by — 5-fold cross-validation on the
// corpus's training split only (trainModel's folds and threshold choice), never the evaluation split. Prints safety
// recall at the chosen share of other problems read as safety (5%), category right, problems noticed and false
// questions (at 4%), the thresholds and the time taken. `{"members":1,"epochs":14,"safetyHead":false}` is the
// single regression shipped before the averaged fits and the safety head (BENCHMARKS.md).
import { trainingSet } from '../../src/cli/train.js'
import { asksAbout } from '../../src/parse/classifier.js'
import { trainModel, type Reading, type TrainOptions } from '../../src/parse/train.js'

const options = JSON.parse(process.argv[2] ?? '{}') as TrainOptions
const started = Date.now()
const { model, readings } = trainModel(trainingSet([]), new Date(0), options)
const t = model.thresholds
const safety = (r: Reading) => r.cue || r.safety >= t.safety
const share = (part: Reading[], of: Reading[]) => `${((100 * part.length) / of.length).toFixed(2)}%`
const safe = readings.filter((r) => r.label === 'safety')
const others = readings.filter((r) => r.label !== 'safety' && r.label !== 'none')
const problems = readings.filter((r) => r.label !== 'none')
const none = readings.filter((r) => r.label === 'none')
console.log(
  [
    `options ${JSON.stringify(options)}`,
    `safety recall ${share(safe.filter(safety), safe)} at ${share(others.filter(safety), others)} non-safety as safety`,
    `category ${share(
      problems.filter((r) => (safety(r) ? 'safety' : r.unsafe) === r.label),
      problems,
    )}`,
    `noticed ${share(
      problems.filter((r) => asksAbout(r, t)),
      problems,
    )} at ${share(
      none.filter((r) => asksAbout(r, t)),
      none,
    )} false questions`,
    `thresholds safety ${t.safety}, notice ${t.notice}`,
    `${((Date.now() - started) / 1000).toFixed(1)} s`,
  ].join(' · '),
)
