import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/** Structured JSON logs; every command line carries room, sender and command (see the dispatcher). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, base: { app: 'hongguanjia' }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}
