export type { ParseResult } from './parse.js';
export { PAST_DEADLINE, parseDeadline, parseDuration, readsAsTime } from './parse.js';
export type { ZonedParts } from './zoned.js';
export {
  daysInMonth,
  formatClock,
  formatDate,
  formatDateTime,
  formatDuration,
  fromZoned,
  isValidTimeZone,
  startOfZonedDay,
  toZoned,
  utcFromFields,
} from './zoned.js';
