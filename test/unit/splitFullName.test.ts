import { describe, expect, it } from 'vitest';
import { splitFullName } from '../../src/domain/splitFullName.js';

describe('splitting a full name', () => {
  it.each([
    ['Jeanne Martin', 'Jeanne', 'Martin'],
    ['  Jeanne   Martin ', 'Jeanne', 'Martin'],
    ['Martin, Jeanne', 'Jeanne', 'Martin'],
    ['Mr. James Reid', 'James', 'Reid'],
    ['Mme Hélène Dupré', 'Hélène', 'Dupré'],
    ['Jean-Pierre de la Fontaine', 'Jean-Pierre', 'de la Fontaine'],
    ['Ludwig van Beethoven', 'Ludwig', 'van Beethoven'],
    ['Mary Ann Smith', 'Mary', 'Ann Smith'],
    ["Liam O'Brien", 'Liam', "O'Brien"],
  ])('%s', (text, firstName, lastName) => {
    expect(splitFullName(text)).toEqual({ firstName, lastName });
  });

  it('takes a single word as the last name, the one CRMs require', () => {
    expect(splitFullName('Cher')).toEqual({ firstName: null, lastName: 'Cher' });
    expect(splitFullName('Dr.')).toEqual({ firstName: null, lastName: 'Dr.' });
  });
});
