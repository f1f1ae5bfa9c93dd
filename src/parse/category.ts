import { CATEGORIES, type Category } from '../domain/types.js'
import { CATEGORY_LABELS } from '../text/labels.js'

/** Every word that names a category: its label (安全隐患) and either half (安全, 隐患; 卫生, 维修, 纠纷, 服务, 设施 …). */
const CATEGORY_WORDS = new Map<string, Category>(
  CATEGORIES.flatMap((k) => {
    const label = CATEGORY_LABELS[k]
    return [label, label.slice(0, 2), label.slice(2)].filter(Boolean).map((w) => [w, k] as const)
  }),
)

/** The category a word names (安全隐患, 安全, 隐患, 维修 …); undefined for any other word. */
export function categoryOfWord(word: string): Category | undefined {
  return CATEGORY_WORDS.get(word.trim())
}
