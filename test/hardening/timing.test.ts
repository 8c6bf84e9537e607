/**
 * The shared-secret comparison takes the same time whatever prefix of the secret matches. Measured
 * on the comparison `verifyHeader` runs (`secretMatcher`), with a fully wrong value against one
 * that is right but for its last character. The same statistic run over naive comparators (an
 * early-exit loop, and `===`) must detect them: that shows the test has the power to fail.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { secretMatcher } from '../../src/middleware/verify-header/index.js';
import { compareTiming } from './timing.js';

/** A secret of `length` printable characters, like a long Basic credential. */
function secretOf(length: number): string {
  return `Basic ${randomBytes(length).toString('base64').slice(0, length - 6)}`;
}

/** Fresh string copies per call (each request parses its own header value). */
function inputs(secret: string) {
  const allButLast = Buffer.from(`${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}`, 'latin1');
  const allWrong = Buffer.from(secret.replace(/./g, (ch) => (ch === '~' ? '!' : '~')), 'latin1');
  return { allWrong: () => allWrong.toString('latin1'), allButLast: () => allButLast.toString('latin1') };
}

/** What a careless implementation does: walk the characters and stop at the first difference. */
function earlyExitMatcher(secret: string) {
  return (presented: string) => {
    if (presented.length !== secret.length) return false;
    for (let i = 0; i < secret.length; i++) if (presented.charCodeAt(i) !== secret.charCodeAt(i)) return false;
    return true;
  };
}

const format = (v: { z: number; relativeEffect: number; medianNsA: number; medianNsB: number }) =>
  `z=${v.z.toFixed(1)} effect=${(v.relativeEffect * 100).toFixed(2)}% wrong=${v.medianNsA.toFixed(0)}ns allButLast=${v.medianNsB.toFixed(0)}ns`;

describe('constant-time shared-secret comparison', () => {
  it.each([
    { length: 4096, label: '4 KB' },
    { length: 64, label: 'realistic (64 chars)' },
  ])('secretMatcher shows no prefix dependence on a $label secret', ({ length }) => {
    const secret = secretOf(length);
    const { allWrong, allButLast } = inputs(secret);
    const matches = secretMatcher([secret]);
    expect(matches(secret.slice())).toBe(true);
    expect(matches(allButLast())).toBe(false);
    const verdict = compareTiming(matches, allWrong, allButLast);
    console.info(`secretMatcher ${length} chars: ${format(verdict)}`);
    expect(verdict.leaks, format(verdict)).toBe(false);
  });

  /**
   * The same presented value against a secret of its length and against one a character longer: the
   * input's first character picks the matcher, so both sides do the same work but for the matcher.
   */
  function lengthProbe(matcherFor: (secret: string) => (presented: string) => boolean) {
    const secret = secretOf(4096);
    const sameLength = matcherFor(secret);
    const longer = matcherFor(`${secret}x`);
    const wrong = Buffer.from(`A${secret.replace(/./g, '~')}`, 'latin1');
    const wrongB = Buffer.from(`B${secret.replace(/./g, '~')}`, 'latin1');
    const compare = (input: string) => (input.charCodeAt(0) === 65 ? sameLength : longer)(input.slice(1));
    return compareTiming(compare, () => wrong.toString('latin1'), () => wrongB.toString('latin1'));
  }

  it('secretMatcher shows no dependence on the length of the secret', () => {
    const verdict = lengthProbe((secret) => secretMatcher([secret]));
    console.info(`secretMatcher, secret of the presented length vs one longer: ${format(verdict)}`);
    expect(verdict.leaks, format(verdict)).toBe(false);
  });

  it('the same statistic detects a length check that skips the comparison (the test has power)', () => {
    const verdict = lengthProbe((secret) => {
      const bytes = Buffer.from(secret, 'utf8');
      return (presented) => {
        const given = Buffer.from(presented, 'utf8');
        return given.length === bytes.length && timingSafeEqual(given, bytes);
      };
    });
    console.info(`length-skipping compare: ${format(verdict)}`);
    expect(verdict.leaks, format(verdict)).toBe(true);
  });

  it('the same statistic detects an early-exit loop over a 4 KB secret (the test has power)', () => {
    const secret = secretOf(4096);
    const { allWrong, allButLast } = inputs(secret);
    const verdict = compareTiming(earlyExitMatcher(secret), allWrong, allButLast);
    console.info(`early-exit loop: ${format(verdict)}`);
    expect(verdict.leaks, format(verdict)).toBe(true);
    expect(verdict.z).toBeGreaterThan(0); // the nearly-right value is the slow one
  });

  it('the same statistic detects `===` over a 4 KB secret', () => {
    const secret = secretOf(4096);
    const { allWrong, allButLast } = inputs(secret);
    const verdict = compareTiming((presented) => presented === secret, allWrong, allButLast, { pairs: 300, callsPerBatch: 200 });
    console.info(`===: ${format(verdict)}`);
    expect(verdict.leaks, format(verdict)).toBe(true);
  });
});
