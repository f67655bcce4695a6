// How a timeline event reads in a run's story (events.jsonl).
import type { TimelineEvent } from '../scenario/schema.js';

export function describeTimeline(ev: TimelineEvent): string {
  switch (ev.kind) {
    case 'fed-rate': return `the Fed sets the top of its target range to ${ev.top}%`;
    case 'boj-rate': return `the BOJ sets its policy rate to ${ev.rate}%`;
    case 'qt-cap': return `the Treasury runoff cap becomes $${ev.treasuryPerMonth}bn a month`;
    case 'fima-cap': return `the FIMA cap becomes $${ev.cap}bn per counterparty`;
    case 'tga-target': return `the Treasury's TGA target becomes $${ev.level}bn`;
    case 'yield-shock': return `a ${ev.bp}bp shock to the 10y term premium`;
    case 'basis-shock': return `a ${ev.bp}bp shock to the cross-currency basis`;
    case 'sentiment-shock': return `a ${ev.weight} shift of crypto target weights`;
    case 'note': return ev.text;
  }
}
