export type { ParseResult } from './parse.js';
export { parseDeadline, parseDuration } from './parse.js';
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
