import { expect } from 'vitest';
import { ProcmanError } from '../../src/errors.js';

/** The ProcmanError that `fn` throws (failing the test if it throws nothing, or something else). */
export function caught(fn: () => unknown): ProcmanError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ProcmanError);
    return error as ProcmanError;
  }
  throw new Error('expected a ProcmanError');
}
