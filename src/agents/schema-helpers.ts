import { z } from 'zod';
import { isValidIsoDate } from '../sim/calendar.js';

export const isoDateSchema = z.string().refine(isValidIsoDate, { message: 'expected a date as YYYY-MM-DD' });
