/**
 * The highest quota notice `used` messages call for: 100 once the quota is
 * used up, 80 from 80 % of it, else null (and always null for an unlimited plan).
 */
export function quotaNoticeThreshold(used: number, quota: number | null): 80 | 100 | null {
  if (quota === null || quota <= 0) return null;
  if (used >= quota) return 100;
  if (used * 5 >= quota * 4) return 80;
  return null;
}
