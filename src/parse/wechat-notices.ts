/** WeChat's own risk-control notice that the account sends too often ("操作过于频繁"). */
const THROTTLED = /操作过于频繁|操作太频繁/

/** True for WeChat's "you send too often" notice. */
export function isThrottleNotice(text: string): boolean {
  return THROTTLED.test(text)
}
